import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PostsLifecycle1764600000000 implements MigrationInterface {
  name = 'PostsLifecycle1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE post_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'orchestrating', 'dispatched', 'cancelled')),
        content jsonb NOT NULL,
        media_type text NOT NULL CHECK (media_type IN ('text', 'image', 'video')),
        scheduled_time timestamptz NOT NULL,
        enable_repurposing boolean NOT NULL DEFAULT false,
        media_ids uuid[],
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX post_submissions_user_created ON post_submissions (user_id, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX post_submissions_due ON post_submissions (scheduled_time)
                   WHERE status IN ('queued', 'orchestrating')`);
    await q.query(`
      CREATE TABLE post_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        submission_id uuid NOT NULL REFERENCES post_submissions (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        platform text NOT NULL,
        account_id text NOT NULL,
        integration_id uuid NOT NULL,
        target_id text NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'processing', 'succeeded', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_expires_at timestamptz,
        publish_started_at timestamptz,
        connector_state jsonb NOT NULL DEFAULT '{}',
        platform_post_id text,
        url text,
        error_code text,
        error_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT post_runs_target_unique UNIQUE (submission_id, target_id)
      )`);
    await q.query(`CREATE INDEX post_runs_active ON post_runs (status, next_attempt_at)
                   WHERE status IN ('queued', 'processing')`);
    await q.query(`
      CREATE TABLE sandbox_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL UNIQUE REFERENCES post_runs (id) ON DELETE CASCADE,
        platform text NOT NULL,
        account_id text NOT NULL,
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The outbox: events written in the same statement as the state change that causes them,
    // so a crash can delay an event but never drop it. Webhooks and automations consume it.
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX events_unprocessed ON events (created_at) WHERE processed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE events');
    await q.query('DROP TABLE sandbox_posts');
    await q.query('DROP TABLE post_runs');
    await q.query('DROP TABLE post_submissions');
  }
}
