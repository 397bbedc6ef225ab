import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-post metrics: post_metric_reads is the collector's schedule (one row per published run:
 * when its next read is due, whether a worker has it, why the platform gave no figures), and
 * post_metric_samples the figures of every read, the time series. The partial index lets the
 * collector find newly published runs without scanning post_runs.
 */
export class PostMetrics1769800000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE post_metric_reads (
      run_id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      platform text NOT NULL,
      account_id text NOT NULL,
      integration_id uuid NOT NULL,
      platform_post_id text NOT NULL,
      published_at timestamptz NOT NULL,
      reads_done integer NOT NULL DEFAULT 0,
      next_read_at timestamptz NULL,
      claimed_until timestamptz NULL,
      unavailable_code text NULL,
      unavailable_reason text NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX post_metric_reads_due_idx ON post_metric_reads (next_read_at) WHERE next_read_at IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX post_metric_reads_user_idx ON post_metric_reads (user_id, published_at)`,
    );
    await runner.query(`CREATE TABLE post_metric_samples (
      id bigserial PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES post_metric_reads (run_id) ON DELETE CASCADE,
      user_id uuid NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now(),
      figures jsonb NOT NULL,
      raw jsonb NOT NULL
    )`);
    await runner.query(
      `CREATE INDEX post_metric_samples_run_idx ON post_metric_samples (run_id, read_at)`,
    );
    await runner.query(
      `CREATE INDEX post_runs_published_idx ON post_runs (finished_at, id) WHERE status = 'succeeded'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX post_runs_published_idx`);
    await runner.query(`DROP TABLE post_metric_samples`);
    await runner.query(`DROP TABLE post_metric_reads`);
  }
}
