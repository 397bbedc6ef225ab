import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyAndRequestLog1764650000000 implements MigrationInterface {
  name = 'IdempotencyAndRequestLog1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        endpoint text NOT NULL,
        key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        locked_until timestamptz,
        response_status smallint,
        response_body text,
        response_is_error boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_unique UNIQUE (user_id, endpoint, key_hash)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at)`);
    await q.query(`
      CREATE TABLE api_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        api_key_id text,
        method text NOT NULL,
        route text NOT NULL,
        status smallint NOT NULL,
        request_id text NOT NULL,
        idempotency_key text,
        latency_ms double precision NOT NULL,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX api_requests_user_created ON api_requests (user_id, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX api_requests_created ON api_requests (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_requests');
    await q.query('DROP TABLE idempotency_keys');
  }
}
