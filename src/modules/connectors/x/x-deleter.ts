import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { deletionOutcome } from '../deletion/deletion-answer';
import { callPlatform } from '../platform-http';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';
import { classifyXError } from './x-errors';

/** X API v2 `DELETE /2/tweets/:id` with the user's OAuth 2.0 token (scope tweet.write). */
@Injectable()
export class XDeleter extends PostDeleter {
  readonly platform = 'x';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async delete(request: DeleteRequest): Promise<DeleteOutcome> {
    const id = encodeURIComponent(request.platformPostId);
    const answer = await callPlatform(
      {
        method: 'DELETE',
        url: `${platformApiBase(this.config, 'x')}/2/tweets/${id}`,
        headers: { Authorization: `Bearer ${request.accessToken ?? ''}` },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'X' },
    );
    return deletionOutcome(answer, (refused) =>
      classifyXError(refused.status, refused.json, refused.headers),
    );
  }
}
