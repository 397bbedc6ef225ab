import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { deletionOutcome } from '../deletion/deletion-answer';
import { callPlatform } from '../platform-http';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';
import { linkedinFailure } from './linkedin-errors';

/**
 * Posts API `DELETE /rest/posts/{encoded post urn}` (204 No Content), with the LinkedIn-Version
 * the connector publishes with and Rest.li 2.0.0, as the Posts API reference shows it.
 */
@Injectable()
export class LinkedinDeleter extends PostDeleter {
  readonly platform = 'linkedin';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async delete(request: DeleteRequest): Promise<DeleteOutcome> {
    const urn = encodeURIComponent(request.platformPostId);
    const answer = await callPlatform(
      {
        method: 'DELETE',
        url: `${platformApiBase(this.config, 'linkedin')}/rest/posts/${urn}`,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'LinkedIn-Version': this.config.platformApi.linkedinVersion,
          'X-Restli-Protocol-Version': '2.0.0',
          'X-RestLi-Method': 'DELETE',
        },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'LinkedIn' },
    );
    return deletionOutcome(answer, (refused) =>
      linkedinFailure(refused, this.config.platformApi.quotaRetryMs),
    );
  }
}
