import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CursorPosition } from '../../common/pagination/cursor';
import { sqlRows } from '../../database/sql';
import type { Profile } from './profile';

const COLUMNS = `id, user_id AS "userId", name, created_at AS "createdAt", updated_at AS "updatedAt"`;
// Millisecond precision, as in the cursor, so a page boundary never skips or repeats a row.
const CREATED_MS = `date_trunc('milliseconds', created_at)`;
const UNIQUE_VIOLATION = '23505';

/** profiles; every statement takes the owner id. Deleted profiles are invisible to all of them. */
@Injectable()
export class ProfilesRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The new profile, or null when a live profile of the user already has this name. */
  async insert(userId: string, name: string): Promise<Profile | null> {
    try {
      const [row] = await sqlRows<Profile>(
        this.db,
        `INSERT INTO profiles (user_id, name) VALUES ($1, $2) RETURNING ${COLUMNS}`,
        [userId, name],
      );
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) {
        return null;
      }
      throw error;
    }
  }

  async find(userId: string, id: string): Promise<Profile | null> {
    const [row] = await sqlRows<Profile>(
      this.db,
      `SELECT ${COLUMNS} FROM profiles WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL`,
      [id, userId],
    );
    return row ?? null;
  }

  /** Whether `id` names a live profile of the user: the check of every `Soku-Profile`. */
  async exists(userId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `SELECT 1 FROM profiles WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL`,
      [id, userId],
    );
    return rows.length > 0;
  }

  listPage(userId: string, limit: number, before?: CursorPosition): Promise<Profile[]> {
    const params: unknown[] = [userId, limit];
    let after = '';
    if (before) {
      params.push(before.createdAt, before.id);
      after = `AND (${CREATED_MS}, id) < ($3, $4)`;
    }
    return sqlRows<Profile>(
      this.db,
      `SELECT ${COLUMNS} FROM profiles WHERE user_id = $1 AND deleted_at IS NULL ${after}
        ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $2`,
      params,
    );
  }

  /** The renamed profile; null when absent; 'taken' when another live profile has the name. */
  async rename(userId: string, id: string, name: string): Promise<Profile | null | 'taken'> {
    try {
      const [row] = await sqlRows<Profile>(
        this.db,
        `UPDATE profiles SET name = $3, updated_at = now()
          WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        [id, userId, name],
      );
      return row ?? null;
    } catch (error) {
      if (isUniqueViolation(error)) {
        return 'taken';
      }
      throw error;
    }
  }

  /** Marks the profile deleted, in the deletion's transaction; false when it was not live. */
  async markDeleted(db: EntityManager, userId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE profiles SET deleted_at = now(), updated_at = now()
        WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === UNIQUE_VIOLATION;
}
