import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { withTimeout } from '../../common/async/with-timeout';
import type { Platform } from '../../common/platforms';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { withCallDeadline } from '../connectors';
import { ConnectorRegistry } from '../connectors';
import { type PlatformConnector, PublishError, type PublishRequest } from '../connectors';
import { declaredMediaCount } from '../connectors';
import { AccountDirectory } from '../integrations';
import { MediaService } from '../media';
import type { ClaimedRun, StrandedRun } from './claimed-run';
import { MEDIA_NOT_IMPORTED, publishMedia } from './publish-media';
import { deferralExhausted } from './retry-policy';
import { RunClaims } from './run-claims';
import { RunSettler } from './run-settler';
import { PublishThrottle, type ThrottleRefusal, UNTHROTTLED } from './throttle/publish-throttle';

/** A publish request but for its signal, which each bounded call brings. */
type PreparedRequest = Omit<PublishRequest, 'signal'>;

/** How much of a run's lease one connector call may use: a publish and a status check fit in it. */
const CALL_SHARE_OF_LEASE = 0.4;

export const OUTCOME_UNKNOWN_MESSAGE =
  'The platform did not confirm the post after it was sent, and it could not be checked; look at the account before re-posting';

/** A deferral that gives the attempt back, until the throttle's limit has room again. */
const throttled = (refusal: ThrottleRefusal) =>
  new PublishError(
    'deferred',
    'throttled',
    `Soku held the post back so the platform does not throttle the account: ${refusal.reason}`,
    refusal.waitMs,
  );

/**
 * The publish job: claim the run, call the platform once, record what happened. Retries only
 * what the connector classifies as retryable; refreshes the token once on an auth error; never
 * re-sends after an unanswered call unless the platform says the post is not there.
 */
@Injectable()
export class Publisher {
  constructor(
    private readonly claims: RunClaims,
    private readonly settler: RunSettler,
    private readonly accounts: AccountDirectory,
    private readonly connectors: ConnectorRegistry,
    private readonly config: SokuConfig,
    private readonly media: MediaService,
    private readonly throttle: PublishThrottle,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** `timed`: the job is the timer of a scheduled post (see RunClaims.claim). */
  async publish(runId: string, timed = false): Promise<void> {
    const run = await this.claims.claim(runId, timed);
    if (!run) {
      return; // a duplicate job, a cancelled run, or not due yet
    }
    await this.attempt(run, true);
  }

  /** A run whose worker vanished: finish it from what the platform says, never blindly. */
  async recover(run: StrandedRun): Promise<void> {
    if (!run.publishStarted) {
      await this.settler.retry(
        run,
        new PublishError('retryable', 'worker_lost', 'The worker stopped before publishing'),
      );
      return;
    }
    const request = await this.request(run).catch(() => undefined);
    if (!request) {
      await this.settler.retry(
        run,
        new PublishError('retryable', 'worker_lost', 'The worker stopped while publishing'),
      );
      return;
    }
    await this.settleUnanswered(
      run,
      request.connector,
      request.request,
      'The worker stopped while publishing',
    );
  }

  private async attempt(run: ClaimedRun, mayRefresh: boolean): Promise<void> {
    let prepared: { connector: PlatformConnector; request: PreparedRequest; sandbox: boolean };
    try {
      prepared = await this.request(run);
    } catch (error) {
      await this.handleFailure(run, error, mayRefresh);
      return;
    }
    // Before the irreversible call: a run without room waits for it, the platform never sees it.
    // Sandbox accounts reach no platform: nothing to throttle.
    const slot = prepared.sandbox
      ? UNTHROTTLED
      : await this.throttle.acquire({
          platform: run.platform as Platform,
          accountId: run.accountId,
        });
    if (!slot.granted) {
      await this.handleFailure(run, throttled(slot), mayRefresh);
      return;
    }
    try {
      await this.claims.markPublishStarted(run.id);
      const result = await this.bounded('publish', (signal) =>
        prepared.connector.publish({ ...prepared.request, signal }),
      );
      await this.settler.succeed(run, result.platformPostId, result.url);
    } catch (error) {
      if (error instanceof PublishError) {
        await this.handleFailure(run, error, mayRefresh);
      } else {
        // No classified answer after the irreversible call: the post may or may not exist.
        this.logger.warn({ err: error, runId: run.id }, 'publish call ended without an answer');
        await this.settleUnanswered(
          run,
          prepared.connector,
          prepared.request,
          (error as Error).message,
        );
      }
    } finally {
      await slot.release();
    }
  }

  private async request(
    run: ClaimedRun,
  ): Promise<{ connector: PlatformConnector; request: PreparedRequest; sandbox: boolean }> {
    const credentials = await this.claims.credentials(run);
    const connector = this.connectors.get(run.platform as Platform, credentials.account.sandbox);
    if (run.mediaIds.length < declaredMediaCount(run.content)) {
      throw new PublishError('permanent', 'media_unavailable', MEDIA_NOT_IMPORTED);
    }
    const media = await Promise.all(run.mediaIds.map((id) => publishMedia(this.media, run, id)));
    const request: PreparedRequest = {
      runId: run.id,
      platform: run.platform as Platform,
      accountId: run.accountId,
      attempt: run.attempts,
      content: run.content,
      mediaType: run.mediaType,
      media,
      accessToken: credentials.accessToken,
      metadata: credentials.metadata,
      state: run.connectorState,
      saveState: async (state) => {
        // findPublished after an unanswered call reads the same request: it must see the new state.
        run.connectorState = state;
        request.state = state;
        await this.claims.saveConnectorState(run.id, state);
      },
    };
    return { connector, request, sandbox: credentials.account.sandbox };
  }

  /**
   * A connector call bounded to most of the run's lease: a platform that never answers cannot keep
   * the run processing until the reconciler hands it to another worker while this call is still
   * in flight. At the deadline every platform request of the call is aborted (call-deadline.ts),
   * and the connector gets the signal for anything else it waits on.
   */
  private bounded<T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = Math.floor(this.config.orchestration.runLeaseMs * CALL_SHARE_OF_LEASE);
    const controller = new AbortController();
    const running = withCallDeadline(controller.signal, () => call(controller.signal));
    return withTimeout(running, ms, () => {
      controller.abort();
      return new Error(`The platform's ${what} did not finish within ${ms} ms`);
    });
  }

  private async settleUnanswered(
    run: ClaimedRun,
    connector: PlatformConnector,
    request: PreparedRequest,
    reason: string,
  ): Promise<void> {
    let existing;
    try {
      existing = await this.bounded('status check', (signal) =>
        connector.findPublished({ ...request, signal }),
      );
    } catch {
      existing = undefined;
    }
    if (existing) {
      await this.settler.succeed(run, existing.platformPostId, existing.url);
    } else if (existing === null) {
      await this.settler.retry(run, new PublishError('retryable', 'no_answer', reason));
    } else {
      await this.settler.fail(run, 'outcome_unknown', OUTCOME_UNKNOWN_MESSAGE);
    }
  }

  private async handleFailure(run: ClaimedRun, error: unknown, mayRefresh: boolean): Promise<void> {
    if (!(error instanceof PublishError)) {
      this.logger.error({ err: error, runId: run.id }, 'could not prepare the publish call');
      await this.settler.retry(
        run,
        new PublishError('retryable', 'internal_error', 'Soku could not prepare the publish call'),
      );
      return;
    }
    if (error.kind === 'auth') {
      const refreshed = mayRefresh
        ? await this.accounts.refreshAfterAuthError(run.userId, run.integrationId)
        : 'needs_reauth';
      if (refreshed === 'refreshed') {
        await this.attempt(run, false);
      } else {
        await this.settler.fail(
          run,
          'account_needs_reauth',
          `${error.message}; reconnect the account`,
        );
      }
      return;
    }
    if (error.kind === 'retryable') {
      await this.settler.retry(run, error);
      return;
    }
    const { retryBaseMs, maxDeferralMs } = this.config.orchestration;
    const waitMs = error.retryAfterMs ?? retryBaseMs;
    const pastBound = deferralExhausted(run.deferredSince, waitMs, maxDeferralMs);
    if (error.kind === 'deferred' && !pastBound) {
      await this.settler.defer(run, error, waitMs);
      return;
    }
    // Permanent, or deferred past the bound: the platform's last words are the run's error.
    const bound = `(deferred past the ${Math.round(maxDeferralMs / 60_000)}-minute bound)`;
    await this.settler.fail(
      run,
      error.code,
      error.kind === 'deferred' ? `${error.message} ${bound}` : error.message,
    );
  }
}
