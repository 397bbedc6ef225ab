import type { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import type { PublishError, PublishRequest } from '../platform-connector';
import {
  type PlatformAnswer,
  type PlatformCall,
  type PlatformCallOptions,
  callPlatform,
} from '../platform-http';
import { linkedinFailure } from './linkedin-errors';

/** LinkedIn's versioned REST API (`/rest/…`) and its upload URLs, as the run's token. */
export class LinkedinApi {
  constructor(private readonly config: SokuConfig) {}

  async put(
    request: PublishRequest,
    uploadUrl: string,
    contentType: string,
    bytes: Buffer,
  ): Promise<PlatformAnswer> {
    const answer = await callPlatform(
      {
        method: 'PUT',
        url: uploadUrl,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'Content-Type': contentType,
        },
        body: bytes,
      },
      this.callOptions(),
    );
    if (answer.status >= 300) {
      throw this.failure(answer);
    }
    return answer;
  }

  call(request: Pick<PublishRequest, 'accessToken'>, call: PlatformCall): Promise<PlatformAnswer> {
    return this.callAs(request.accessToken ?? '', call);
  }

  /** A versioned call as `accessToken` (the metrics reader has a token, not a run). */
  callAs(accessToken: string, call: PlatformCall): Promise<PlatformAnswer> {
    return callPlatform(
      {
        ...call,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'LinkedIn-Version': this.config.platformApi.linkedinVersion,
          'X-Restli-Protocol-Version': '2.0.0',
          ...call.headers,
        },
      },
      this.callOptions(),
    );
  }

  private callOptions(): PlatformCallOptions {
    return { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'LinkedIn' };
  }

  failure(answer: PlatformAnswer): PublishError {
    return linkedinFailure(answer, this.config.platformApi.quotaRetryMs);
  }

  url(path: string): string {
    return `${platformApiBase(this.config, 'linkedin')}${path}`;
  }
}
