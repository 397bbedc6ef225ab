import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { sqlRows } from '../../database/sql';

export interface PostEventRow {
  id: string;
  type: string;
  createdAt: Date;
  data: Record<string, unknown>;
}

// Matches the partial expression index events_by_post (migration 1771100000000) term for term,
// then keeps the owner's profile's.
const OF_POST = `e.data->>'id' = $2 AND e.type LIKE 'post.%' AND e.user_id = $1
  AND e.profile_id = $3`;

/**
 * The query of a page: $1 owner, $2 post, $3 the owner's profile, $4 limit, and $5 the event it
 * follows when `after`.
 */
export function postEventsSql(after: boolean): string {
  const following = after
    ? `AND e.seq > (SELECT a.seq FROM events a WHERE a.id = $5 AND a.user_id = $1)`
    : '';
  return `SELECT e.id, e.type, e.created_at, e.data FROM events e
           WHERE ${OF_POST} ${following}
           ORDER BY e.seq LIMIT $4`;
}

/** The events of one profile's post, in the order they were written (`seq`). */
@Injectable()
export class PostHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `limit` events of the post, strictly after the event `afterId` when it is given. */
  async eventsOf(
    scope: Scope,
    submissionId: string,
    limit: number,
    afterId?: string,
  ): Promise<PostEventRow[]> {
    const params = [scope.userId, submissionId, scope.profileId, limit];
    const rows = await sqlRows(
      this.db,
      postEventsSql(afterId !== undefined),
      afterId ? [...params, afterId] : params,
    );
    return rows.map((row) => ({
      id: row.id as string,
      type: row.type as string,
      createdAt: row.created_at as Date,
      data: row.data as Record<string, unknown>,
    }));
  }
}
