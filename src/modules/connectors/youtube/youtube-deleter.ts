import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { deletionOutcome } from '../deletion/deletion-answer';
import { callPlatform } from '../platform-http';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';
import { youtubeFailure } from './youtube-errors';

/** YouTube Data API v3 `videos.delete`: `DELETE /youtube/v3/videos?id=…`, 204 on success. */
@Injectable()
export class YoutubeDeleter extends PostDeleter {
  readonly platform = 'youtube';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async delete(request: DeleteRequest): Promise<DeleteOutcome> {
    const url = new URL(`${platformApiBase(this.config, 'youtube')}/youtube/v3/videos`);
    url.searchParams.set('id', request.platformPostId);
    const answer = await callPlatform(
      {
        method: 'DELETE',
        url: url.toString(),
        headers: { Authorization: `Bearer ${request.accessToken ?? ''}` },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'YouTube' },
    );
    return deletionOutcome(answer, (refused) =>
      youtubeFailure(refused, this.config.platformApi.quotaRetryMs),
    );
  }
}
