import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../../database/sql';

export interface PostEventRow {
  id: string;
  type: string;
  createdAt: Date;
  data: Record<string, unknown>;
}

// Matches the partial expression index events_by_post (migration 1771100000000) term for term.
const OF_POST = `e.data->>'id' = $2 AND e.type LIKE 'post.%' AND e.user_id = $1`;

/** The query of a page: $1 owner, $2 post, $3 limit, and $4 the event it follows when `after`. */
export function postEventsSql(after: boolean): string {
  const following = after
    ? `AND e.seq > (SELECT a.seq FROM events a WHERE a.id = $4 AND a.user_id = $1)`
    : '';
  return `SELECT e.id, e.type, e.created_at, e.data FROM events e
           WHERE ${OF_POST} ${following}
           ORDER BY e.seq LIMIT $3`;
}

/** The events of one owner's post, in the order they were written (`seq`). */
@Injectable()
export class PostHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `limit` events of the post, strictly after the event `afterId` when it is given. */
  async eventsOf(
    userId: string,
    submissionId: string,
    limit: number,
    afterId?: string,
  ): Promise<PostEventRow[]> {
    const rows = await sqlRows(
      this.db,
      postEventsSql(afterId !== undefined),
      afterId ? [userId, submissionId, limit, afterId] : [userId, submissionId, limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      type: row.type as string,
      createdAt: row.created_at as Date,
      data: row.data as Record<string, unknown>,
    }));
  }
}
