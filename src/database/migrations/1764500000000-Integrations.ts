import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Integrations1764500000000 implements MigrationInterface {
  name = 'Integrations1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integrations (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN
          ('x', 'instagram', 'facebook', 'threads', 'tiktok', 'youtube', 'linkedin', 'snapchat')),
        account_id text NOT NULL CHECK (char_length(account_id) BETWEEN 1 AND 128),
        platform_account_id text NOT NULL CHECK (char_length(platform_account_id) BETWEEN 1 AND 256),
        display_name text,
        handle text,
        status text NOT NULL CHECK (status IN ('connected', 'needs_reauth', 'disconnected')),
        sandbox boolean NOT NULL DEFAULT false,
        scopes text[] NOT NULL DEFAULT '{}',
        access_token text,
        refresh_token text,
        token_key_id text,
        expires_at timestamptz,
        token_refreshed_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        last_error text,
        last_error_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per platform account per user; reconnecting updates it.
    await q.query(`
      CREATE UNIQUE INDEX integrations_platform_account
        ON integrations (user_id, platform, platform_account_id)`);
    // The accountId users target must be unambiguous among the accounts they still have.
    await q.query(`
      CREATE UNIQUE INDEX integrations_account_id_active
        ON integrations (user_id, platform, account_id) WHERE status <> 'disconnected'`);
    await q.query(`
      CREATE INDEX integrations_refresh_due
        ON integrations (expires_at) WHERE status = 'connected' AND NOT sandbox`);
    await q.query(`
      CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        platform text NOT NULL,
        code_verifier text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oauth_states');
    await q.query('DROP TABLE integrations');
  }
}
