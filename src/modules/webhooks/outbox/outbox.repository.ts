import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlRows } from '../../../database/sql';

/** The relay's side of the `events` outbox (the other modules write it with recordEvent). */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Takes up to `batch` unprocessed events, oldest first (several workers take disjoint ones
   * with SKIP LOCKED), lets `fanOut` turn them into work in the same transaction and marks them
   * processed: null when there were none.
   */
  takeEvents<T>(
    batch: number,
    fanOut: (em: EntityManager, eventIds: string[]) => Promise<T>,
  ): Promise<{ events: number; work: T } | null> {
    return this.db.transaction(async (em) => {
      const events = await sqlRows<{ id: string }>(
        em,
        `SELECT id FROM events WHERE processed_at IS NULL ORDER BY created_at
          LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      const ids = events.map((event) => event.id);
      if (ids.length === 0) {
        return null;
      }
      const work = await fanOut(em, ids);
      await em.query(`UPDATE events SET processed_at = now() WHERE id = ANY($1)`, [ids]);
      return { events: ids.length, work };
    });
  }
}
