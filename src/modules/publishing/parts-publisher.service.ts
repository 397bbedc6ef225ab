import { Injectable } from '@nestjs/common';
import { withTimeout } from '../../common/async/with-timeout';
import type { Platform } from '../../common/platforms';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishPartsJobId } from '../../infra/queue/queues';
import {
  type PartMedia,
  partMediaCount,
  partMediaIds,
  type PartPublisher,
  PartPublisherRegistry,
  type PartRequest,
  plannedParts,
  storedMediaSources,
  PublishError,
  type PublishResult,
  withCallDeadline,
} from '../connectors';
import { Transactions } from '../../database/transaction';
import { AccountDirectory } from '../integrations';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { MEDIA_NOT_IMPORTED, publishMedia } from './publish-media';
import { OUTCOME_UNKNOWN_MESSAGE } from './publisher.service';
import { retryDelayMs } from './retry-policy';
import type { PartsRun, RunPart } from './run-part';
import { RunPartsRepository } from './run-parts.repository';

/** How much of a part's lease one platform call may use: a call and a look-up fit in it. */
const CALL_SHARE_OF_LEASE = 0.4;

type Prepared = { publisher: PartPublisher; request: Omit<PartRequest, 'signal' | 'sentAt'> };

/**
 * The publish-parts job: once a run's post is out, its parts (thread replies, then the first
 * comment) go out one by one, each claimed, marked started before its call and settled, so a
 * crash between two parts resumes at the next unpublished one and a crash during a call asks the
 * platform before anything is sent again. The run stays succeeded whatever its parts do.
 */
@Injectable()
export class PartsPublisher {
  constructor(
    private readonly parts: RunPartsRepository,
    private readonly publishers: PartPublisherRegistry,
    private readonly accounts: AccountDirectory,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    private readonly media: MediaService,
    private readonly transactions: Transactions,
  ) {}

  async publishParts(runId: string): Promise<void> {
    const run = await this.parts.openRun(runId);
    if (!run) {
      return; // no such open run: every part settled already, or the post did not go out
    }
    const planned = plannedParts(run.platform as Platform, run.content);
    const parts = await this.parts.ensureParts(run.id, planned);
    let threadTip = run.postId;
    for (const part of parts) {
      if (part.status === 'failed') {
        break; // the parts after it failed with it
      }
      let id = part.platformPostId;
      if (part.status !== 'succeeded') {
        const claimed = await this.parts.claim(part.id, this.config.orchestration.runLeaseMs);
        if (!claimed) {
          return; // another worker has it, or it waits for its retry
        }
        const replyToId = part.kind === 'thread' ? threadTip : run.postId;
        const media = planned.find((one) => one.position === part.position) ?? {};
        id = await this.publishPart(run, claimed, replyToId, media);
        if (id === null) {
          break;
        }
      }
      if (part.kind === 'thread') {
        threadTip = id!;
      }
    }
    await this.transactions.run(async (tx) => {
      // The last part of the submission out releases its media, the post's own included.
      if ((await this.parts.settleRun(tx, run)) && storedMediaSources(run.content).length > 0) {
        await this.media.releaseUsage(tx, mediaHolder(run.submissionId));
      }
    });
  }

  /** The part's platform id once it is out; null when it failed or waits for a retry. */
  private async publishPart(
    run: PartsRun,
    part: RunPart,
    replyToId: string,
    media: PartMedia,
  ): Promise<string | null> {
    let prepared: Prepared;
    try {
      prepared = await this.prepare(run, part, replyToId, media);
    } catch (error) {
      return this.failure(run, part, error);
    }
    if (part.publishStartedAt) {
      // The last holder may have sent it: look before sending again.
      const found = await this.lookUp(prepared, part.publishStartedAt);
      if (found) {
        return this.succeed(part, found);
      }
      if (found === undefined) {
        await this.parts.fail(run, part, 'outcome_unknown', OUTCOME_UNKNOWN_MESSAGE);
        return null;
      }
    }
    const sentAt = await this.parts.markStarted(part.id);
    try {
      const result = await this.bounded((signal) =>
        prepared.publisher.publishPart({ ...prepared.request, sentAt, signal }),
      );
      return await this.succeed(part, result);
    } catch (error) {
      if (error instanceof PublishError) {
        return this.failure(run, part, error);
      }
      const found = await this.lookUp(prepared, sentAt);
      if (found) {
        return this.succeed(part, found);
      }
      if (found === null) {
        return this.failure(run, part, new PublishError('retryable', 'no_answer', String(error)));
      }
      await this.parts.fail(run, part, 'outcome_unknown', OUTCOME_UNKNOWN_MESSAGE);
      return null;
    }
  }

  private async prepare(
    run: PartsRun,
    part: RunPart,
    replyToId: string,
    media: PartMedia,
  ): Promise<Prepared> {
    const credentials = await this.accounts.getPublishCredentials(run.userId, run.integrationId);
    const platform = run.platform as Platform;
    const mediaIds = partMediaIds(run.content, media, run.mediaIds);
    if (mediaIds.length < partMediaCount(media)) {
      throw new PublishError('permanent', 'media_unavailable', MEDIA_NOT_IMPORTED);
    }
    const prepared: Prepared = {
      publisher: this.publishers.get(platform, credentials.account.sandbox),
      request: {
        runId: run.id,
        position: part.position,
        kind: part.kind,
        platform,
        accountId: run.accountId,
        text: part.text,
        ...(mediaIds.length > 0
          ? {
              media: await Promise.all(mediaIds.map((id) => publishMedia(this.media, run, id))),
            }
          : {}),
        postId: run.postId,
        replyToId,
        accessToken: credentials.accessToken,
        metadata: credentials.metadata,
        content: run.content,
        state: part.connectorState,
        saveState: async (state) => {
          // The look-up after an unanswered call reads the same request: it sees the new state.
          prepared.request.state = state;
          await this.parts.saveConnectorState(part.id, state);
        },
      },
    };
    return prepared;
  }

  private async lookUp(
    prepared: Prepared,
    sentAt: Date,
  ): Promise<PublishResult | null | undefined> {
    try {
      return await this.bounded((signal) =>
        prepared.publisher.findPart({ ...prepared.request, sentAt, signal }),
      );
    } catch {
      return undefined;
    }
  }

  private async succeed(part: RunPart, result: PublishResult): Promise<string | null> {
    return (await this.parts.succeed(part.id, result.platformPostId, result.url))
      ? result.platformPostId
      : null;
  }

  /** Retryable (and deferred) failures wait and come back; any other fails the part. */
  private async failure(run: PartsRun, part: RunPart, error: unknown): Promise<null> {
    const classified =
      error instanceof PublishError
        ? error
        : new PublishError('retryable', 'internal_error', 'Soku could not prepare the part');
    const { maxAttempts, retryBaseMs } = this.config.orchestration;
    const comesBack =
      (classified.kind === 'retryable' || classified.kind === 'deferred') &&
      part.attempts < maxAttempts;
    if (!comesBack) {
      const message =
        classified.kind === 'auth'
          ? `${classified.message}; reconnect the account`
          : classified.message;
      const code = classified.kind === 'auth' ? 'account_needs_reauth' : classified.code;
      await this.parts.fail(run, part, code, message);
      return null;
    }
    const delayMs = retryDelayMs(part.attempts, retryBaseMs, classified.retryAfterMs);
    const at = new Date(Date.now() + delayMs);
    if (await this.parts.retryLater(part.id, at, classified.code, classified.message)) {
      await this.queue.add(
        'publish-parts',
        publishPartsJobId(run.id, `${part.position}.${part.attempts}`),
        { runId: run.id },
        delayMs,
      );
    }
    return null;
  }

  private bounded<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = Math.floor(this.config.orchestration.runLeaseMs * CALL_SHARE_OF_LEASE);
    const controller = new AbortController();
    return withTimeout(
      withCallDeadline(controller.signal, () => call(controller.signal)),
      ms,
      () => {
        controller.abort();
        return new Error(`The platform's call did not finish within ${ms} ms`);
      },
    );
  }
}
