import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import type { Repository } from 'typeorm';
import { type RecordedContent, SandboxPostEntity } from '../entities/sandbox-post.entity';

export interface RecordedPost {
  id: string;
  platform: string;
}

export type PostToRecord = Pick<SandboxPostEntity, 'runId' | 'platform' | 'accountId'> & {
  content: RecordedContent;
};

/**
 * The posts sandbox accounts "published". Keyed by run, not by owner: a run id is Soku's own,
 * and a recorded post is public by its URL like a platform's post.
 */
@Injectable()
export class SandboxPostsRepository {
  constructor(
    @InjectRepository(SandboxPostEntity) private readonly posts: Repository<SandboxPostEntity>,
  ) {}

  /**
   * Records each run's post once, in one statement: a repeated publish of a run (in this batch or
   * an earlier one) gets the first record back. The records, in `posts` order.
   */
  async recordMany(posts: PostToRecord[]): Promise<RecordedPost[]> {
    const rows: (RecordedPost & { run_id: string })[] = await this.posts.query(
      `WITH wanted AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])
           AS w(run_id, platform, account_id, content)),
       inserted AS (
         INSERT INTO sandbox_posts (run_id, platform, account_id, content)
         SELECT * FROM wanted ON CONFLICT (run_id) DO NOTHING RETURNING run_id, id, platform)
       SELECT run_id, id, platform FROM inserted
       UNION ALL
       SELECT p.run_id, p.id, p.platform FROM sandbox_posts p
        WHERE p.run_id IN (SELECT run_id FROM wanted)
          AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.run_id = p.run_id)`,
      [
        posts.map((post) => post.runId),
        posts.map((post) => post.platform),
        posts.map((post) => post.accountId),
        posts.map((post) => JSON.stringify(post.content)),
      ],
    );
    const byRun = new Map(rows.map((row) => [row.run_id, { id: row.id, platform: row.platform }]));
    return posts.map((post) => byRun.get(post.runId)!);
  }

  findForRun(runId: string): Promise<SandboxPostEntity | null> {
    return this.posts.findOneBy({ runId });
  }

  /** The recorded post a run URL names; null for any other platform or id. */
  findRecorded(platform: string, id: string): Promise<SandboxPostEntity | null> {
    return isUUID(id) ? this.posts.findOneBy({ id, platform }) : Promise.resolve(null);
  }

  /**
   * Takes a recorded post down, or a recorded part (a reply or comment: both are ids a sandbox
   * run hands out), as a platform deletes one; false when it was not there.
   */
  async deleteRecorded(id: string): Promise<boolean> {
    if (!isUUID(id)) {
      return false;
    }
    const result = await this.posts.delete({ id });
    if ((result.affected ?? 0) > 0) {
      return true;
    }
    const [, parts]: [unknown, number] = await this.posts.query(
      `DELETE FROM sandbox_parts WHERE id = $1`,
      [id],
    );
    return parts > 0;
  }
}
