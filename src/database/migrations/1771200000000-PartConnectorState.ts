import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A part keeps what its connector made before the irreversible call (a Threads reply's
 * containers), as a run does, so a part that comes back while its video still processes asks
 * about the same container instead of making a new one.
 */
export class PartConnectorState1771200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE post_run_parts ADD COLUMN connector_state jsonb NOT NULL DEFAULT '{}'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_run_parts DROP COLUMN connector_state`);
  }
}
