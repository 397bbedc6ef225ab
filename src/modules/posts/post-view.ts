import type { EntityManager } from 'typeorm';
import { sqlEntities, sqlRows, toEntities } from '../../database/sql';
import type { PostSubmissionDto } from './dto/post-response.dto';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import { type Outcome, OUTCOME_SQL } from './posts.repository';

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** The GET /v1/posts/:id shape; also the `data` of post events. */
export function toPostDto(
  submission: PostSubmissionEntity,
  outcome: Outcome,
  runs: PostRunEntity[],
): PostSubmissionDto {
  return {
    id: submission.id,
    status: submission.status,
    outcome,
    scheduledTime: submission.scheduledTime.toISOString(),
    mediaType: submission.mediaType,
    content: submission.content as Record<string, unknown>,
    enableRepurposing: submission.enableRepurposing,
    origin:
      submission.automationChain.length > 0
        ? {
            submissionId: submission.originSubmissionId,
            automationId: submission.originAutomationId,
            depth: submission.automationChain.length,
          }
        : null,
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    runs: runs.map((run) => ({
      id: run.id,
      platform: run.platform,
      accountId: run.accountId,
      targetId: run.targetId,
      status: run.status,
      attempts: run.attempts,
      platformPostId: run.platformPostId,
      url: run.url,
      error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
      nextAttemptAt: run.status === 'queued' ? iso(run.nextAttemptAt) : null,
      createdAt: run.createdAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
      finishedAt: iso(run.finishedAt),
    })),
  };
}

/** The post as its owner would GET it, read inside `em`'s transaction (for event snapshots). */
export async function loadPostView(
  em: EntityManager,
  submissionId: string,
): Promise<{ userId: string; post: PostSubmissionDto } | null> {
  const rows = await sqlRows(
    em,
    `SELECT s.*, ${OUTCOME_SQL} AS outcome FROM post_submissions s WHERE s.id = $1`,
    [submissionId],
  );
  const [submission] = toEntities(em, PostSubmissionEntity, rows);
  if (!submission) {
    return null;
  }
  const runs = await sqlEntities(
    em,
    PostRunEntity,
    `SELECT * FROM post_runs WHERE submission_id = $1 ORDER BY created_at, target_id`,
    [submissionId],
  );
  const outcome = rows[0].outcome as Outcome;
  return { userId: submission.userId, post: toPostDto(submission, outcome, runs) };
}
