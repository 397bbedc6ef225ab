import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { PostChange } from './post-changes';
import type { PostView } from './post-view';
import { type PostEventRow, PostHistoryRepository } from './post-history.repository';

/** One entry of a post's history: an event as its webhook carried it, with its cause lifted out. */
export interface PostEventView {
  id: string;
  type: string;
  createdAt: string;
  /** The run the event is about (run and part events). */
  runId?: string;
  /** The part that failed (`post.run.part_failed`): 1 is the first part after the post. */
  partPosition?: number;
  /** What an edit changed (`post.updated`). */
  changes?: PostChange[];
  /** The webhook's `data`: the post as GET showed it then, with the fields above. */
  data: PostView;
}

/** A post's events in its profile, oldest first; the post's existence is the caller's check. */
@Injectable()
export class PostHistory {
  constructor(private readonly events: PostHistoryRepository) {}

  async read(
    scope: Scope,
    submissionId: string,
    limit: number,
    afterId?: string,
  ): Promise<PostEventView[]> {
    const rows = await this.events.eventsOf(scope, submissionId, limit, afterId);
    return rows.map(toEventView);
  }
}

function toEventView(row: PostEventRow): PostEventView {
  const { runId, partPosition, changes } = row.data;
  return {
    id: row.id,
    type: row.type,
    createdAt: row.createdAt.toISOString(),
    ...(typeof runId === 'string' ? { runId } : {}),
    ...(typeof partPosition === 'number' ? { partPosition } : {}),
    ...(Array.isArray(changes) ? { changes: changes as PostChange[] } : {}),
    data: row.data as unknown as PostView,
  };
}
