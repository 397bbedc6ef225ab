import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { deleteGraphObject } from '../meta/graph-deleter';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';

/**
 * A Page post (`/feed`, `/photos`) or a Page video (`/videos`) is deleted the same way, by its id
 * with the Page token: `DELETE /{post-id}` or `DELETE /{video-id}`.
 */
@Injectable()
export class FacebookDeleter extends PostDeleter {
  readonly platform = 'facebook';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  delete(request: DeleteRequest): Promise<DeleteOutcome> {
    const version = this.config.platformApi.metaGraphVersion;
    return deleteGraphObject(this.config, 'facebook', version, 'Facebook', request);
  }
}
