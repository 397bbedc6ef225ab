import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connected accounts per profile. A row is one platform account in one profile, and its alias
 * is unique among the profile's live accounts: targeting resolves inside the request's profile,
 * so two clients may both have `sandbox_x`, or both call their account `brand`.
 *
 * A real platform account is live in at most one profile of a user. Two live rows of it would
 * each publish, refresh its token and read its metrics on their own: the same post scheduled in
 * both clients goes out twice, the platform's per-account limits are spent twice as fast as
 * publishing's per-account limits think, and a platform that rotates refresh tokens on every
 * renewal (X, TikTok) kills one row's grant with the other's refresh. Sandbox accounts publish
 * nowhere, so every profile has its own.
 */
export class ProfileScopedIntegrations1772200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX integrations_platform_account`);
    await runner.query(`DROP INDEX integrations_account_id_active`);
    await runner.query(`
      CREATE UNIQUE INDEX integrations_profile_platform_account
        ON integrations (user_id, profile_id, platform, platform_account_id)`);
    await runner.query(`
      CREATE UNIQUE INDEX integrations_profile_account_id_active
        ON integrations (user_id, profile_id, platform, account_id) WHERE status <> 'disconnected'`);
    await runner.query(`
      CREATE UNIQUE INDEX integrations_live_platform_account
        ON integrations (user_id, platform, platform_account_id)
        WHERE status <> 'disconnected' AND NOT sandbox`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX integrations_live_platform_account`);
    await runner.query(`DROP INDEX integrations_profile_account_id_active`);
    await runner.query(`DROP INDEX integrations_profile_platform_account`);
    await runner.query(`
      CREATE UNIQUE INDEX integrations_account_id_active
        ON integrations (user_id, platform, account_id) WHERE status <> 'disconnected'`);
    await runner.query(`
      CREATE UNIQUE INDEX integrations_platform_account
        ON integrations (user_id, platform, platform_account_id)`);
  }
}
