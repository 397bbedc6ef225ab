import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError, type ErrorCodeValue } from '../../common/errors';
import { APP_LOGGER } from '../../config/config.module';
import { TranscriptionService } from '../ai';
import { MediaService } from '../media';
import { takesJpegOnly } from '../connectors';
import { AccountDirectory } from '../integrations';
import type { PostContent } from '../connectors';
import { PostsService } from '../posts';
import { parseTargets } from '../posts';
import { resolveTargets } from '../posts';
import { TemplatesService } from '../templates';
import { WebhooksService } from '../webhooks';
import type {
  AutomationAction,
  TemplateRepurposeAction,
  TranscriptionRepurposeAction,
  WebhookAction,
} from './automation-action';
import { type ClaimedAutomationRun, AutomationRunsRepository } from './automation-runs.repository';
import { renderText, type TemplateValues } from './text-template';
import { type BackoffPolicy, delayFor } from '../../common/async/backoff';

/** Long enough for a transcription of a long video; only a dead worker's lease lapses. */
const LEASE_MS = 15 * 60_000;
/** Waits before attempts 2, 3, … after an unexpected error; past the schedule the run fails. */
const RETRY_SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000];
const RETRY_BACKOFF: BackoffPolicy = {
  steps: { scheduleMs: RETRY_SCHEDULE_MS },
  jitter: { below: 0, above: 0 },
};

/** Another worker finished the run first: this attempt's work is rolled back. */
class RunAlreadyFinished extends Error {}

/** What an automation could not do, for good (retrying would not help). */
export class AutomationFailed extends AppError {
  constructor(code: ErrorCodeValue, message: string) {
    super(422, code, message);
  }
}

/**
 * The automation job: claim the run, carry out its action and record the outcome. The derived
 * post and the run's `succeeded` are written in one transaction that only commits while the run
 * is still pending: a duplicate job, a retry after a crash or a second worker never makes a
 * second post. Transcriptions are keyed by the run, so a retried run is never charged twice.
 */
@Injectable()
export class AutomationRunner {
  constructor(
    private readonly automations: AutomationRunsRepository,
    private readonly webhooks: WebhooksService,
    private readonly posts: PostsService,
    private readonly accounts: AccountDirectory,
    private readonly templates: TemplatesService,
    private readonly transcription: TranscriptionService,
    private readonly media: MediaService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async run(runId: string): Promise<void> {
    const claimed = await this.automations.claim(runId, LEASE_MS);
    if (!claimed) {
      return; // finished, or another worker holds it
    }
    if (!claimed.automation.enabled) {
      await this.automations.finish(runId, 'skipped', {
        error: 'The automation was disabled before it ran',
      });
      return;
    }
    try {
      await this.execute(claimed, claimed.automation.action);
    } catch (error) {
      if (!(error instanceof RunAlreadyFinished)) {
        await this.recordFailure(claimed, error);
      }
    }
  }

  private async execute(claimed: ClaimedAutomationRun, action: AutomationAction): Promise<void> {
    if (action.type === 'webhook') {
      return this.callWebhook(claimed, action);
    }
    const values: TemplateValues = {
      text: (claimed.origin.content.text as string | undefined) ?? '',
      url: claimed.origin.url ?? '',
      platform: claimed.origin.platform,
    };
    let content: PostContent;
    let platform: unknown = action.platform;
    if (action.type === 'repost') {
      content = this.repostContent(claimed, renderText(action.textTemplate ?? '{{text}}', values));
      platform = await this.newTargets(claimed, action.platform);
      if ((platform as unknown[]).length === 0) {
        await this.automations.finish(claimed.id, 'skipped', {
          error:
            'Every target already carries this post (it was published there earlier in the chain)',
        });
        return;
      }
    } else if (action.transform === 'template') {
      content = await this.templateContent(claimed, action, values);
    } else {
      content = await this.transcriptContent(claimed, action, values);
    }
    await this.posts.createDerived(
      claimed.scope,
      { post: { content: { ...withText(content), platform } }, enableRepurposing: false },
      {
        submissionId: claimed.origin.submissionId,
        automationId: claimed.automation.id,
        chain: [...claimed.origin.chain, claimed.automation.id],
      },
      async (em, submissionId) => {
        if (!(await this.automations.finish(claimed.id, 'succeeded', { submissionId }, em))) {
          throw new RunAlreadyFinished();
        }
      },
    );
  }

  /** The published content as stored: its imported media by id rather than fetched again. */
  private repostContent(claimed: ClaimedAutomationRun, text: string): PostContent {
    const { videoUrl, imageUrls, mediaUrls, ...rest } = claimed.origin.content as PostContent;
    const stored = claimed.origin.mediaIds;
    const media = stored
      ? stored.length > 0
        ? { mediaIds: stored }
        : {}
      : { videoUrl, imageUrls, mediaUrls };
    return { ...rest, ...media, text };
  }

  /**
   * The action's targets less the accounts this chain of posts already went to (what makes a
   * rule X → Threads with a rule Threads → X stop at Threads). Targets that do not resolve are
   * kept as written, for the post's own validation to report precisely.
   */
  private async newTargets(claimed: ClaimedAutomationRun, raw: unknown): Promise<unknown[]> {
    const requests = parseTargets(raw, 'action.platform').targets;
    const { targets, missing } = resolveTargets(
      requests,
      await this.accounts.listAccounts(claimed.scope),
    );
    const published = await this.automations.chainAccounts(claimed.origin.submissionId);
    return [
      ...targets
        .filter((t) => !published.has(`${t.platform}:${t.accountId}`))
        .map((t) => ({ platform: t.platform, accountId: t.accountId, targetId: t.targetId })),
      ...missing.map((m) =>
        m.accountId ? { platform: m.platform, accountId: m.accountId } : m.platform,
      ),
    ];
  }

  private async templateContent(
    claimed: ClaimedAutomationRun,
    action: TemplateRepurposeAction,
    values: TemplateValues,
  ): Promise<PostContent> {
    const config = Object.fromEntries(
      Object.entries(action.templateConfig).map(([key, value]) => [
        key,
        typeof value === 'string' ? renderText(value, values) : value,
      ]),
    );
    // One picture for every target: JPEG when any of them takes nothing else (Instagram).
    const jpeg = parseTargets(action.platform, 'platform').targets.some((target) =>
      takesJpegOnly(target.platform),
    );
    const image = await this.templates.render(claimed.scope, {
      templateSlug: action.templateSlug,
      config,
      aspectRatio: action.aspectRatio,
      format: jpeg ? 'jpeg' : 'png',
    });
    return { text: renderText(action.textTemplate ?? '{{text}}', values), mediaIds: [image.id] };
  }

  private async transcriptContent(
    claimed: ClaimedAutomationRun,
    action: TranscriptionRepurposeAction,
    values: TemplateValues,
  ): Promise<PostContent> {
    const mediaId = await this.firstRecording(claimed);
    const job = await this.transcription.transcribe(claimed.scope, `automation-run:${claimed.id}`, {
      mediaId,
      language: action.language,
    });
    return {
      text: renderText(action.textTemplate ?? '{{transcript}}', {
        ...values,
        transcript: job.transcript ?? '',
      }),
    };
  }

  /** The post's first video or audio. */
  private async firstRecording(claimed: ClaimedAutomationRun): Promise<string> {
    for (const id of claimed.origin.mediaIds ?? []) {
      const media = await this.media.get(claimed.scope, id);
      if (/^(video|audio)\//.test(media.mimeType)) {
        return id;
      }
    }
    throw new AutomationFailed(
      'nothing_to_transcribe',
      'The post has no video or audio to transcribe',
    );
  }

  /** The triggering event to one endpoint, through the delivery machinery (signed, retried). */
  private async callWebhook(claimed: ClaimedAutomationRun, action: WebhookAction): Promise<void> {
    const endpoint = await this.webhooks.endpointOf(claimed.scope, action.webhookId);
    if (!endpoint || !endpoint.enabled) {
      throw new AutomationFailed(
        'webhook_unavailable',
        `Webhook ${action.webhookId} ${endpoint ? 'is disabled' : 'no longer exists'}`,
      );
    }
    const succeeded = await this.automations.succeedWith(claimed.id, (em) =>
      this.webhooks.addDelivery(em, endpoint.id, claimed.eventId),
    );
    if (!succeeded) {
      throw new RunAlreadyFinished();
    }
    const delivery = succeeded.value;
    if (delivery) {
      await this.webhooks.enqueueDelivery(delivery);
    }
  }

  /**
   * A client-side problem (the post would be invalid, no credits, no such template) fails the run
   * with its reason; anything else is retried on a short schedule, then fails.
   */
  private async recordFailure(claimed: ClaimedAutomationRun, error: unknown): Promise<void> {
    const reason = describe(error);
    const permanent = error instanceof AppError && error.status < 500 && error.status !== 409;
    const delayMs =
      claimed.attempts <= RETRY_SCHEDULE_MS.length
        ? delayFor(RETRY_BACKOFF, claimed.attempts)
        : undefined;
    if (permanent || delayMs === undefined) {
      await this.automations.finish(claimed.id, 'failed', { error: reason });
      return;
    }
    this.logger.warn(
      { err: error, automationRunId: claimed.id, delayMs },
      'automation failed; retrying',
    );
    await this.automations.release(claimed.id, delayMs, reason);
  }
}

function withText(content: PostContent): PostContent {
  return content.text === '' ? { ...content, text: undefined } : content;
}

/** `code: message`, with a validation error's problems, as the run's `error`. */
function describe(error: unknown): string {
  if (!(error instanceof AppError)) {
    return (error as Error).message;
  }
  const problems = Array.isArray(error.details)
    ? (error.details as { field?: string; message?: string }[])
        .map((p) => (p.field ? `${p.field}: ${p.message}` : p.message))
        .join('; ')
    : '';
  return `${error.code}: ${error.message}${problems ? ` (${problems})` : ''}`;
}
