import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlRows } from '../../database/sql';

export type LedgerKind = 'grant' | 'debit' | 'refund';

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  reason: string;
  jobId: string | null;
  createdAt: Date;
}

export interface LedgerWrite {
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  reason: string;
  jobId: string | null;
}

/** credit_balances and the append-only credit_ledger; every statement takes the owner id. */
@Injectable()
export class CreditsRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async balance(userId: string, manager?: EntityManager): Promise<number> {
    const [row] = await sqlRows<{ balance: number }>(
      manager ?? this.db,
      'SELECT balance FROM credit_balances WHERE user_id = $1',
      [userId],
    );
    return row?.balance ?? 0;
  }

  /** The new balance, or null when the balance is below `amount` (nothing changed). */
  async takeExactly(
    manager: EntityManager,
    userId: string,
    amount: number,
  ): Promise<number | null> {
    // One conditional UPDATE: the row lock serialises concurrent debits and the WHERE re-checks
    // the balance after waiting for it, so no interleaving can go below zero.
    const [row] = await sqlRows<{ balance: number }>(
      manager,
      `UPDATE credit_balances SET balance = balance - $2, updated_at = now()
        WHERE user_id = $1 AND balance >= $2
        RETURNING balance`,
      [userId, amount],
    );
    return row?.balance ?? null;
  }

  /** Takes as much of `amount` as the balance holds; returns what was taken and what is left. */
  async takeUpTo(
    manager: EntityManager,
    userId: string,
    amount: number,
  ): Promise<{ taken: number; balance: number }> {
    const [row] = await sqlRows<{ taken: number; balance: number }>(
      manager,
      `WITH old AS (SELECT balance FROM credit_balances WHERE user_id = $1 FOR UPDATE)
       UPDATE credit_balances b SET balance = b.balance - LEAST(old.balance, $2), updated_at = now()
         FROM old WHERE b.user_id = $1
       RETURNING old.balance - b.balance AS taken, b.balance`,
      [userId, amount],
    );
    return row ?? { taken: 0, balance: 0 };
  }

  async add(manager: EntityManager, userId: string, amount: number): Promise<number> {
    const [row] = await sqlRows<{ balance: number }>(
      manager,
      `INSERT INTO credit_balances (user_id, balance) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE
         SET balance = credit_balances.balance + EXCLUDED.balance, updated_at = now()
       RETURNING balance`,
      [userId, amount],
    );
    return row.balance;
  }

  async append(manager: EntityManager, userId: string, entry: LedgerWrite): Promise<void> {
    await manager.query(
      `INSERT INTO credit_ledger (user_id, kind, amount, balance_after, reason, job_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [userId, entry.kind, entry.amount, entry.balanceAfter, entry.reason, entry.jobId],
    );
  }

  recent(userId: string, limit: number): Promise<LedgerEntry[]> {
    return sqlRows<LedgerEntry>(
      this.db,
      `SELECT id::int AS id, kind, amount, balance_after AS "balanceAfter", reason,
              job_id AS "jobId", created_at AS "createdAt"
         FROM credit_ledger WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
      [userId, limit],
    );
  }
}
