import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rows a profile holds: each gets `profile_id`, its user's default profile until told. */
export const PROFILE_SCOPED_TABLES = [
  'integrations',
  'post_submissions',
  'media',
  'webhook_endpoints',
  'automations',
  'api_requests',
  'idempotency_keys',
  'oauth_states',
  'events',
  'transcription_jobs',
] as const;

/**
 * Profiles: one user's separate pools of accounts, posts, media, webhooks and automations (an
 * agency's clients).
 *
 * A user's default profile has the user's own id. Every existing row belongs to it, and a
 * request without `Soku-Profile` acts in it without a lookup: the default is known from the
 * caller alone, so v1 costs nothing more. A trigger creates it with the user, wherever the user
 * is inserted (sign-up, first run, the admin CLI, test fixtures).
 *
 * A row inserted without `profile_id` lands in the default profile (a trigger fills it), so a
 * writer that predates profiles keeps v1's behaviour; writers acting for a request pass the
 * request's profile. Profiles are deleted softly: their rows stay for the history and the
 * export, and nothing can reach them any more.
 */
export class Profiles1771300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX profiles_live_name ON profiles (user_id, lower(name))
        WHERE deleted_at IS NULL`,
    );
    await runner.query(
      `CREATE INDEX profiles_user_created ON profiles (user_id, created_at DESC, id DESC)
        WHERE deleted_at IS NULL`,
    );
    await runner.query(
      `INSERT INTO profiles (id, user_id, name, created_at) SELECT id, id, 'Default', created_at FROM users`,
    );
    await runner.query(`
      CREATE FUNCTION soku_create_default_profile() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO profiles (id, user_id, name) VALUES (NEW.id, NEW.id, 'Default');
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER users_default_profile AFTER INSERT ON users
        FOR EACH ROW EXECUTE FUNCTION soku_create_default_profile()`);
    await runner.query(`
      CREATE FUNCTION soku_default_profile_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.profile_id IS NULL THEN
          NEW.profile_id := NEW.user_id;
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of PROFILE_SCOPED_TABLES) {
      await runner.query(
        `ALTER TABLE ${table} ADD COLUMN profile_id uuid REFERENCES profiles (id) ON DELETE CASCADE`,
      );
      await runner.query(`UPDATE ${table} SET profile_id = user_id`);
      await runner.query(`ALTER TABLE ${table} ALTER COLUMN profile_id SET NOT NULL`);
      await runner.query(`
        CREATE TRIGGER ${table}_default_profile BEFORE INSERT ON ${table}
          FOR EACH ROW EXECUTE FUNCTION soku_default_profile_id()`);
    }
    // A bound key acts in one profile only; null: any of its user's profiles.
    await runner.query(
      `ALTER TABLE api_keys ADD COLUMN profile_id uuid REFERENCES profiles (id) ON DELETE CASCADE`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE api_keys DROP COLUMN profile_id`);
    for (const table of PROFILE_SCOPED_TABLES) {
      await runner.query(`DROP TRIGGER ${table}_default_profile ON ${table}`);
      await runner.query(`ALTER TABLE ${table} DROP COLUMN profile_id`);
    }
    await runner.query(`DROP FUNCTION soku_default_profile_id()`);
    await runner.query(`DROP TRIGGER users_default_profile ON users`);
    await runner.query(`DROP FUNCTION soku_create_default_profile()`);
    await runner.query(`DROP TABLE profiles`);
  }
}
