import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { StatementPart } from '../../database/sql';
import { type CreatedSubmission, SUBMISSION_COLUMNS, submissionValues } from './submission-rows';

/**
 * The columns of one submission and its runs, as one element of the batch's JSON parameter:
 * one parameter for the whole batch costs one serialization, where arrays per column are
 * escaped element by element.
 */
const SUBMISSION_RECORD = `t(id uuid, user_id uuid, profile_id uuid, content jsonb, media_type text,
  scheduled_time timestamptz, enable_repurposing boolean, origin_submission_id uuid,
  origin_automation_id uuid, automation_chain uuid[], status text, media_ids uuid[],
  runs_timed boolean, runs jsonb)`;
const RUN_RECORD = `run(id uuid, platform text, account_id text, integration_id uuid, target_id text)`;

/** Many creations at once: group commit (see SubmissionInserts) and bulk imports. */
@Injectable()
export class SubmissionBatchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The submissions, their runs and their stored answers in one statement: all of them commit,
   * or none does. In the caller's transaction `tx` when given (a bulk import's chunk).
   */
  async insertMany(batch: CreatedSubmission[], tx?: EntityManager): Promise<void> {
    if (batch.length === 0) {
      return;
    }
    const answers = batch.flatMap((created) => (created.answer ? [created.answer] : []));
    await (tx ?? this.db).query(batchStatement(answers), [
      JSON.stringify(batch.map(submissionRecord)),
      ...answers.flatMap((answer) => answer.params),
    ]);
  }
}

function batchStatement(answers: StatementPart[]): string {
  let next = 2;
  const answerParts = answers.map((answer, i) => {
    const part = `, answer${i} AS (${answer.sql(next)})`;
    next += answer.params.length;
    return part;
  });
  return `WITH t AS (
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${SUBMISSION_RECORD}
   ), s AS (
     INSERT INTO post_submissions (${SUBMISSION_COLUMNS.join(', ')})
     SELECT ${SUBMISSION_COLUMNS.join(', ')} FROM t
     RETURNING id
   ), r AS (
     INSERT INTO post_runs (id, submission_id, user_id, platform, account_id, integration_id,
       target_id)
     SELECT run.id, s.id, t.user_id, run.platform, run.account_id, run.integration_id,
            run.target_id
       FROM s JOIN t ON t.id = s.id, jsonb_to_recordset(t.runs) AS ${RUN_RECORD}
   )${answerParts.join('')}
   SELECT count(*) FROM s`;
}

function submissionRecord(created: CreatedSubmission): Record<string, unknown> {
  const { runs, runIds } = created;
  const values = submissionValues(created);
  return {
    ...Object.fromEntries(SUBMISSION_COLUMNS.map((column, i) => [column, values[i]])),
    runs: runs.map((run, i) => ({
      id: runIds[i],
      platform: run.platform,
      account_id: run.accountId,
      integration_id: run.integrationId,
      target_id: run.targetId,
    })),
  };
}
