import type { Platform } from '../../common/platforms';
import type { PublishMedia, PublishResult } from './platform-connector';
import type { PartKind } from './post-parts';
import type { PostContent } from './post-content';

/** One part of a run to publish after its post: a thread reply or a comment. */
export interface PartRequest {
  runId: string;
  /** 1 for the first part after the post. */
  position: number;
  kind: PartKind;
  platform: Platform;
  accountId: string;
  text: string;
  /** The part's stored media in its order; absent for a text-only part. */
  media?: PublishMedia[];
  /** The platform id of the post. */
  postId: string;
  /** What this part answers: the thread part before it, or the post (for a comment). */
  replyToId: string;
  accessToken: string | null;
  metadata: Record<string, unknown>;
  /** The post's content as stored: its options choose, e.g., the page a LinkedIn comment is made as. */
  content: PostContent;
  /** What an earlier attempt of this part saved with `saveState` (empty or absent at first). */
  state?: Record<string, unknown>;
  /**
   * Persists what the connector made before the irreversible call (containers still processing),
   * so the part's next attempt resumes from it, as a run's does (PublishRequest.saveState).
   * Absent where nothing is kept between attempts.
   */
  saveState?(state: Record<string, unknown>): Promise<void>;
  /** When the part's irreversible call was first sent, for the look-up after a lost answer. */
  sentAt: Date;
  signal: AbortSignal;
}

/**
 * The replies-and-comments port of one platform. `publishPart` makes the irreversible call;
 * `findPart` looks on the platform for the part a lost answer may have made (null: it is not
 * there; undefined: the platform cannot be asked, so the part fails `outcome_unknown`). Failures
 * are PublishErrors, classified like the post's.
 */
export abstract class PartPublisher {
  abstract readonly platform: Platform | 'sandbox';
  abstract publishPart(request: PartRequest): Promise<PublishResult>;
  abstract findPart(request: PartRequest): Promise<PublishResult | null | undefined>;
}
