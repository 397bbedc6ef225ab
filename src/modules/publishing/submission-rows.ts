import type { StatementPart, PreparedStatement } from '../../database/sql';
import { storedMediaSources, type PostContent } from '../connectors';
import type { PostRunEntity } from './entities/post-run.entity';
import type { PostSubmissionEntity } from './entities/post-submission.entity';

export type NewSubmission = Omit<
  PostSubmissionEntity,
  'id' | 'status' | 'createdAt' | 'updatedAt' | 'mediaIds' | 'runsTimed'
>;
export type NewRun = Pick<PostRunEntity, 'platform' | 'accountId' | 'integrationId' | 'targetId'>;

/** A submission to create, its runs, and the answer to store with them (idempotent requests). */
export interface CreatedSubmission {
  id: string;
  submission: NewSubmission;
  runs: NewRun[];
  /** The runs' ids, in `runs` order: chosen by the caller so it can enqueue them. */
  runIds: string[];
  /**
   * Created `dispatched`, its media being its own: an immediate post with nothing to import
   * needs no orchestration, so its runs are enqueued directly.
   */
  dispatched: boolean;
  /**
   * Created `queued` with its runs timed: a scheduled post with nothing to import needs no
   * orchestration either, so its runs' publish jobs wait for its time (see RunClaims).
   */
  timed: boolean;
  answer?: StatementPart;
}

/** The statement, with the caller's part (see StatementPart) after its own parameters. */
export const insertStatement = (answer?: StatementPart): PreparedStatement => ({
  name: answer ? `soku.submission.insert+${answer.name}` : 'soku.submission.insert',
  text: `WITH s AS (
     INSERT INTO post_submissions (${SUBMISSION_COLUMNS.join(', ')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
   ), r AS (
     INSERT INTO post_runs (id, submission_id, user_id, platform, account_id, integration_id,
       target_id)
     SELECT t.id, s.id, $2, t.platform, t.account_id, t.integration_id, t.target_id
       FROM s, unnest($14::uuid[], $15::text[], $16::text[], $17::uuid[], $18::text[])
            AS t(id, platform, account_id, integration_id, target_id)
   )${answer ? `, answer AS (${answer.sql(19)})` : ''}
   SELECT id FROM s`,
});

/** The post_submissions columns a creation writes, in the order of `submissionValues`. */
export const SUBMISSION_COLUMNS = [
  'id',
  'user_id',
  'profile_id',
  'content',
  'media_type',
  'scheduled_time',
  'enable_repurposing',
  'origin_submission_id',
  'origin_automation_id',
  'automation_chain',
  'status',
  'media_ids',
  'runs_timed',
] as const;

/** A creation's values of SUBMISSION_COLUMNS, shared by the lone and the batched insert. */
export function submissionValues(created: CreatedSubmission): unknown[] {
  const { id, submission, dispatched, timed } = created;
  return [
    id,
    submission.userId,
    submission.profileId,
    submission.content,
    submission.mediaType,
    submission.scheduledTime,
    submission.enableRepurposing,
    submission.originSubmissionId,
    submission.originAutomationId,
    submission.automationChain,
    dispatched ? 'dispatched' : 'queued',
    // What orchestration would record: the stored media layout, all own media here (null: not
    // imported yet).
    dispatched || timed ? storedMediaIds(submission.content) : null,
    timed,
  ];
}

export function insertParams(created: CreatedSubmission): unknown[] {
  const { runs, runIds, answer } = created;
  return [
    ...submissionValues(created),
    runIds,
    runs.map((run) => run.platform),
    runs.map((run) => run.accountId),
    runs.map((run) => run.integrationId),
    runs.map((run) => run.targetId),
    ...(answer?.params ?? []),
  ];
}

/** The stored media of a submission with nothing to import, laid out as storedMediaSources says. */
export function storedMediaIds(content: PostContent): string[] {
  return storedMediaSources(content).flatMap((source) =>
    'mediaId' in source ? [source.mediaId] : [],
  );
}
