import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../common/async/coalescer';
import { SokuConfig } from '../../config/soku-config';
import type { RecordedContent } from './entities/sandbox-post.entity';
import {
  type PlatformConnector,
  PublishError,
  type PublishRequest,
  type PublishResult,
} from './platform-connector';
import {
  type PostToRecord,
  type RecordedPost,
  SandboxPostsRepository,
} from './sandbox/sandbox-posts.repository';

/**
 * Markers in the text make sandbox publishing fail with a retryable error, so users can test
 * their error handling: `#sandbox-fail` fails every attempt, `#sandbox-fail-once` only the first;
 * a `:platform` suffix (`#sandbox-fail:x`) limits it to that platform.
 */
export const SANDBOX_FAIL_MARKER = /#sandbox-fail(-once)?(?::([a-z_]+))?/g;

/**
 * `#sandbox-delay-<ms>` makes the publish call take that long (at most a minute), like a slow
 * platform: to watch runs in `processing`, or to try a worker's graceful drain.
 */
export const SANDBOX_DELAY_MARKER = /#sandbox-delay-(\d{1,5})\b/;
const MAX_SANDBOX_DELAY_MS = 60_000;

export function delayOf(text: string): number {
  const match = SANDBOX_DELAY_MARKER.exec(text);
  return match ? Math.min(Number(match[1]), MAX_SANDBOX_DELAY_MS) : 0;
}

function shouldFail(text: string, platform: string, attempt: number): boolean {
  return [...text.matchAll(SANDBOX_FAIL_MARKER)].some(
    ([, once, only]) =>
      (only === undefined || only === platform) && (once === undefined || attempt === 1),
  );
}

/** The post as sent, with the stored media a platform would have shown (their public URLs). */
function recordedContent(request: PublishRequest): RecordedContent {
  return {
    ...request.content,
    media: request.media.map((item) => ({
      kind: item.kind,
      mimeType: item.mimeType,
      url: item.url,
    })),
  };
}

/**
 * The connector of sandbox accounts: the whole pipeline runs (validation, queue, retries, state
 * machine) and the post is recorded locally instead of sent. Recording is keyed by run, so a
 * repeated publish of one run finds the first instead of posting twice.
 */
@Injectable()
export class SandboxConnector implements PlatformConnector {
  readonly platform = 'sandbox';
  /** Concurrent publishes' records, written as one insert per batch. */
  private readonly records: Coalescer<PostToRecord, RecordedPost>;

  constructor(
    private readonly posts: SandboxPostsRepository,
    private readonly config: SokuConfig,
  ) {
    this.records = new Coalescer((batch) => posts.recordMany(batch));
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const delayMs = delayOf(request.content.text ?? '');
    if (delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    if (shouldFail(request.content.text ?? '', request.platform, request.attempt)) {
      throw new PublishError(
        'retryable',
        'sandbox_failure',
        'Sandbox failure requested by a #sandbox-fail marker',
      );
    }
    const post = await this.records.submit({
      runId: request.runId,
      platform: request.platform,
      accountId: request.accountId,
      content: recordedContent(request),
    });
    return this.resultOf(post);
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null> {
    const post = await this.posts.findForRun(request.runId);
    return post ? this.resultOf(post) : null;
  }

  private resultOf(post: RecordedPost): PublishResult {
    return {
      platformPostId: post.id,
      url: `${this.config.app.publicUrl}/sandbox/${post.platform}/${post.id}`,
    };
  }
}
