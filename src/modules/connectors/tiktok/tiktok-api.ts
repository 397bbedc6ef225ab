import type { SokuConfig } from '../../../config/soku-config';
import type { PublishRequest } from '../platform-connector';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { type PlatformAnswer, asObject, callPlatform } from '../platform-http';
import { UnansweredCallError } from '../unanswered-call';
import { tiktokFailure } from './tiktok-errors';

/** What the connector keeps of an init that publishes by itself. */
export interface InitRecord {
  initSentAt?: string;
}

/** The Content Posting API's JSON calls, as the run's token. */
export class TiktokApi {
  constructor(private readonly config: SokuConfig) {}

  /**
   * An init that publishes by itself (TikTok pulls the media and posts it), so a second one is a
   * second post. It is recorded before it is sent; no answer or a 5xx means "maybe posted", which
   * the Publisher settles through findPublished instead of sending again. A 4xx refused it.
   */
  async publishingInit(
    request: PublishRequest,
    state: InitRecord,
    path: string,
    json: unknown,
  ): Promise<Record<string, unknown>> {
    state.initSentAt = new Date().toISOString();
    await request.saveState({ ...state });
    const answer = await this.send(request, path, json, true);
    if (answer.status >= 500) {
      throw new UnansweredCallError(`TikTok answered the init with HTTP ${answer.status}`);
    }
    const failure = tiktokFailure(answer, this.config.platformApi.quotaRetryMs);
    if (failure) {
      state.initSentAt = undefined;
      await request.saveState({ ...state });
      throw failure;
    }
    return asObject(answer.json.data);
  }

  /** POST JSON to the Content Posting API; `data` on success, a classified PublishError else. */
  async call(
    request: PublishRequest,
    path: string,
    json: unknown,
  ): Promise<Record<string, unknown>> {
    const answer = await this.send(request, path, json);
    const failure = tiktokFailure(answer, this.config.platformApi.quotaRetryMs);
    if (failure) {
      throw failure;
    }
    return asObject(answer.json.data);
  }

  private send(
    request: PublishRequest,
    path: string,
    json: unknown,
    irreversible = false,
  ): Promise<PlatformAnswer> {
    return callPlatform(
      {
        method: 'POST',
        url: `${platformApiBase(this.config, 'tiktok')}${path}`,
        irreversible,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'Content-Type': 'application/json; charset=UTF-8',
        },
        body: Buffer.from(JSON.stringify(json)),
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'TikTok' },
    );
  }
}
