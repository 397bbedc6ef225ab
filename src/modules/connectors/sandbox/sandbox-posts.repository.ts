import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import type { Repository } from 'typeorm';
import { type RecordedContent, SandboxPostEntity } from '../entities/sandbox-post.entity';

export interface RecordedPost {
  id: string;
  platform: string;
}

/**
 * The posts sandbox accounts "published". Keyed by run, not by owner: a run id is Soku's own,
 * and a recorded post is public by its URL like a platform's post.
 */
@Injectable()
export class SandboxPostsRepository {
  constructor(
    @InjectRepository(SandboxPostEntity) private readonly posts: Repository<SandboxPostEntity>,
  ) {}

  /** Records a run's post once: a repeated publish of the run gets the first record back. */
  async recordOnce(
    post: Pick<SandboxPostEntity, 'runId' | 'platform' | 'accountId'> & {
      content: RecordedContent;
    },
  ): Promise<RecordedPost> {
    const [recorded]: RecordedPost[] = await this.posts.query(
      `WITH inserted AS (
         INSERT INTO sandbox_posts (run_id, platform, account_id, content)
         VALUES ($1, $2, $3, $4) ON CONFLICT (run_id) DO NOTHING RETURNING id, platform)
       SELECT id, platform FROM inserted
       UNION ALL
       SELECT id, platform FROM sandbox_posts
        WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [post.runId, post.platform, post.accountId, post.content],
    );
    return recorded;
  }

  findForRun(runId: string): Promise<SandboxPostEntity | null> {
    return this.posts.findOneBy({ runId });
  }

  /** The recorded post a run URL names; null for any other platform or id. */
  findRecorded(platform: string, id: string): Promise<SandboxPostEntity | null> {
    return isUUID(id) ? this.posts.findOneBy({ id, platform }) : Promise.resolve(null);
  }

  /** Takes a recorded post down, as a platform deletes one; false when it was not there. */
  async deleteRecorded(id: string): Promise<boolean> {
    if (!isUUID(id)) {
      return false;
    }
    const result = await this.posts.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
