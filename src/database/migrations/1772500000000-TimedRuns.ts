import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scheduled post with nothing to import needs no orchestration: its publish jobs are timed
 * for its scheduled time at creation, and the first claim marks it `dispatched`. `runs_timed`
 * tells the claim and the reconciler that its runs, not an orchestrate job, carry its timer.
 */
export class TimedRuns1772500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE post_submissions ADD COLUMN runs_timed boolean NOT NULL DEFAULT false`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_submissions DROP COLUMN runs_timed`);
  }
}
