import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Taking a published run down from its platform (DELETE /v1/posts/:id/published): one row per
 * run asked to be deleted, its own small state machine beside the run's (pending, then deleted,
 * failed or unsupported), with a lease so a worker that dies mid-call is re-driven.
 */
export class RunDeletions1769700000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE post_run_deletions (
      run_id uuid PRIMARY KEY REFERENCES post_runs(id) ON DELETE CASCADE,
      submission_id uuid NOT NULL,
      user_id uuid NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NULL,
      lease_expires_at timestamptz NULL,
      error_code text NULL,
      error_message text NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL)`);
    await runner.query(
      `CREATE INDEX post_run_deletions_pending ON post_run_deletions (updated_at) WHERE status = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX post_run_deletions_submission ON post_run_deletions (submission_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE post_run_deletions`);
  }
}
