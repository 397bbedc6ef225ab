import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An admin can disable a user: their API keys and ID tokens stop working until re-enabled. */
export class UserDisabled1765300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz NULL`);
    await runner.query(`CREATE INDEX users_created_at_id ON users (created_at DESC, id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX users_created_at_id`);
    await runner.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
