import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { deleteGraphObject } from '../meta/graph-deleter';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';

/**
 * Threads `DELETE /{threads-media-id}` (permission threads_delete, 100 deletes per account per
 * day): https://developers.facebook.com/docs/threads/posts/delete-posts
 */
@Injectable()
export class ThreadsDeleter extends PostDeleter {
  readonly platform = 'threads';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  delete(request: DeleteRequest): Promise<DeleteOutcome> {
    const version = this.config.platformApi.threadsVersion;
    return deleteGraphObject(this.config, 'threads', version, 'Threads', request);
  }
}
