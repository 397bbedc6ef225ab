import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhooksAutomations1764900000000 implements MigrationInterface {
  name = 'WebhooksAutomations1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, created_at DESC, id DESC)`,
    );
    // One delivery per (endpoint, event): the relay can run twice over an event without doubling.
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        event_type text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, event_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
                   WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE automations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        trigger_platform text NOT NULL,
        trigger_account_id text,
        only_repurposing boolean NOT NULL DEFAULT false,
        action jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX automations_user ON automations (user_id, created_at DESC, id DESC)`,
    );
    // One execution per (automation, event), created by the relay with the event marked processed.
    await q.query(`
      CREATE TABLE automation_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        automation_id uuid NOT NULL REFERENCES automations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped')),
        submission_id uuid REFERENCES post_submissions (id) ON DELETE SET NULL,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT automation_runs_once UNIQUE (automation_id, event_id)
      )`);
    await q.query(`CREATE INDEX automation_runs_pending ON automation_runs (updated_at)
                   WHERE status = 'pending'`);

    // Provenance of a submission created by an automation: what it came from, and the chain of
    // automations that led to it (never re-entered; its length is the depth).
    await q.query(`
      ALTER TABLE post_submissions
        ADD COLUMN origin_submission_id uuid REFERENCES post_submissions (id) ON DELETE SET NULL,
        ADD COLUMN origin_automation_id uuid REFERENCES automations (id) ON DELETE SET NULL,
        ADD COLUMN automation_chain uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX post_submissions_origin ON post_submissions (origin_submission_id)
                   WHERE origin_submission_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE post_submissions DROP COLUMN origin_submission_id,
                   DROP COLUMN origin_automation_id, DROP COLUMN automation_chain`);
    await q.query('DROP TABLE automation_runs');
    await q.query('DROP TABLE automations');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_endpoints');
  }
}
