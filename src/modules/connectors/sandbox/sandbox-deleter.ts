import { Injectable } from '@nestjs/common';
import { type DeleteOutcome, type DeleteRequest, PostDeleter } from '../post-deleter';
import { SandboxPostsRepository } from './sandbox-posts.repository';

/** A sandbox account's post is its recorded row: deleting it takes its public page down too. */
@Injectable()
export class SandboxDeleter extends PostDeleter {
  readonly platform = 'sandbox';

  constructor(private readonly posts: SandboxPostsRepository) {
    super();
  }

  async delete(request: DeleteRequest): Promise<DeleteOutcome> {
    return (await this.posts.deleteRecorded(request.platformPostId)) ? 'deleted' : 'already_gone';
  }
}
