import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parts a run publishes after its post (thread replies, first comments), one row each with
 * its own state machine; `parts_settled_at` marks a run whose parts are all done, so the
 * reconciler re-drives only the others; and the sandbox's record of parts.
 */
export class RunParts1769600000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE post_run_parts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES post_runs (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL,
        text text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        lease_expires_at timestamptz NULL,
        publish_started_at timestamptz NULL,
        platform_post_id text NULL,
        url text NULL,
        error_code text NULL,
        error_message text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        UNIQUE (run_id, position)
      )`);
    await q.query(`ALTER TABLE post_runs ADD COLUMN parts_settled_at timestamptz NULL`);
    await q.query(`CREATE INDEX post_submissions_with_parts ON post_submissions (created_at)
      WHERE content ? 'thread' OR content ? 'firstComment'`);
    await q.query(`
      CREATE TABLE sandbox_parts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES post_runs (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL,
        reply_to_id text NOT NULL,
        text text NOT NULL,
        sends integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sandbox_parts');
    await q.query('DROP INDEX post_submissions_with_parts');
    await q.query('ALTER TABLE post_runs DROP COLUMN parts_settled_at');
    await q.query('DROP TABLE post_run_parts');
  }
}
