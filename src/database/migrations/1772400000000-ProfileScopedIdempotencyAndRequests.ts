import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys and the request log belong to a profile. A key is unique per (user,
 * profile, endpoint, key): the same key sent in two profiles names two requests, so one
 * client's answer is never replayed to another. The request log is listed per profile.
 */
export class ProfileScopedIdempotencyAndRequests1772400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_unique`);
    await runner.query(
      `ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_unique
         UNIQUE (user_id, profile_id, endpoint, key_hash)`,
    );
    // The new index leads with user_id too, so it also serves lookups by user alone.
    await runner.query(`DROP INDEX api_requests_user_created`);
    await runner.query(
      `CREATE INDEX api_requests_profile_created
         ON api_requests (user_id, profile_id, created_at DESC, id DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX api_requests_profile_created`);
    await runner.query(
      `CREATE INDEX api_requests_user_created ON api_requests (user_id, created_at DESC, id DESC)`,
    );
    // Per user again: named profiles' keys would collide with the default profile's.
    await runner.query(`DELETE FROM idempotency_keys WHERE profile_id <> user_id`);
    await runner.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_unique`);
    await runner.query(
      `ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_unique
         UNIQUE (user_id, endpoint, key_hash)`,
    );
  }
}
