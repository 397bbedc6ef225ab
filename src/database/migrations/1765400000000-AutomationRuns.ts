import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AutomationRuns1765400000000 implements MigrationInterface {
  name = 'AutomationRuns1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // What a run came from (kept for GET .../runs), and the worker's lease on it: a run holds its
    // lease while it transforms and publishes, and only a lapsed lease lets another worker in.
    await q.query(`
      ALTER TABLE automation_runs
        ADD COLUMN origin_submission_id uuid REFERENCES post_submissions (id) ON DELETE SET NULL,
        ADD COLUMN origin_run_id uuid REFERENCES post_runs (id) ON DELETE SET NULL,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN lease_expires_at timestamptz`);
    // Exactly once per (rule, published run), whatever event carried it; one run per derived post.
    await q.query(`ALTER TABLE automation_runs
      ADD CONSTRAINT automation_runs_once_per_origin UNIQUE (automation_id, origin_run_id),
      ADD CONSTRAINT automation_runs_one_submission UNIQUE (submission_id)`);
    await q.query(
      `CREATE INDEX automation_runs_automation ON automation_runs (automation_id, created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX automation_runs_automation');
    await q.query(`ALTER TABLE automation_runs
      DROP CONSTRAINT automation_runs_one_submission, DROP CONSTRAINT automation_runs_once_per_origin,
      DROP COLUMN lease_expires_at, DROP COLUMN attempts, DROP COLUMN origin_run_id,
      DROP COLUMN origin_submission_id`);
  }
}
