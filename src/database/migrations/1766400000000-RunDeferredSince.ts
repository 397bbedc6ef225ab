import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a run was first deferred (quota window, throttling, media still processing): deferrals give
 * the attempt back, so this is what bounds them in time (SOKU_PUBLISH_MAX_DEFERRAL_MS).
 */
export class RunDeferredSince1766400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_runs ADD COLUMN deferred_since timestamptz NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_runs DROP COLUMN deferred_since`);
  }
}
