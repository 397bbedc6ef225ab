import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** The handle a repository method writes through when its caller spans several repositories. */
export type Transaction = EntityManager;

/**
 * Runs a callback in one database transaction, so a service can coordinate writes of several
 * repositories (runs and media claims, say) without touching the DataSource or writing SQL.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
