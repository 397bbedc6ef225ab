import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account whose platform refused a metrics read (a 429, a 5xx) is paused until the window the
 * platform named: its runs published meanwhile wait too, instead of calling the platform again
 * inside that window.
 */
export class MetricReadPauses1770700000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE metric_read_pauses (
      integration_id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      paused_until timestamptz NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE metric_read_pauses`);
  }
}
