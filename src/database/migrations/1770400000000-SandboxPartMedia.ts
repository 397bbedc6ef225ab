import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sandbox parts record the media they were sent with, as a platform's reply shows them. */
export class SandboxPartMedia1770400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE sandbox_parts ADD COLUMN media_ids text[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE sandbox_parts DROP COLUMN media_ids`);
  }
}
