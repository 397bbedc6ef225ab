import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreditsAndTranscription1764950000000 implements MigrationInterface {
  name = 'CreditsAndTranscription1764950000000';

  async up(q: QueryRunner): Promise<void> {
    // The balance is the ledger's running sum, kept beside it so a debit is one conditional
    // UPDATE; the CHECK is the last line of defence against a negative balance.
    await q.query(`
      CREATE TABLE credit_balances (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        balance integer NOT NULL CHECK (balance >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE transcription_jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        request_key_hash char(64) NOT NULL,
        media_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed')),
        model text NOT NULL,
        language text,
        duration_seconds double precision,
        duration_source text CHECK (duration_source IN ('media', 'client', 'provider')),
        credits_reserved integer NOT NULL DEFAULT 0 CHECK (credits_reserved >= 0),
        credits_debited integer NOT NULL DEFAULT 0 CHECK (credits_debited >= 0),
        transcript text,
        likely_lyrics boolean,
        error_code text,
        error_message text,
        attempts integer NOT NULL DEFAULT 1,
        lease_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (user_id, request_key_hash)
      )`);
    await q.query(
      `CREATE INDEX transcription_jobs_expired_leases ON transcription_jobs (lease_expires_at)
        WHERE status = 'processing'`,
    );

    await q.query(`
      CREATE TABLE credit_ledger (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('grant', 'debit', 'refund')),
        amount integer NOT NULL CHECK (amount > 0),
        balance_after integer NOT NULL CHECK (balance_after >= 0),
        reason text NOT NULL,
        job_id uuid REFERENCES transcription_jobs (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX credit_ledger_user ON credit_ledger (user_id, id DESC)`);
    await q.query(`CREATE INDEX credit_ledger_job ON credit_ledger (job_id)`);
    // Append-only: an entry is never rewritten (rows go only with their user).
    await q.query(`
      CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'credit_ledger is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger
        FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE credit_ledger');
    await q.query('DROP FUNCTION credit_ledger_append_only');
    await q.query('DROP TABLE transcription_jobs');
    await q.query('DROP TABLE credit_balances');
  }
}
