import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Media, transcription jobs and metric reads scoped to a profile (#23).
 *
 * The sha256 dedupe becomes per profile: the same bytes uploaded in two profiles are two media,
 * so deleting or listing in one profile never touches the other's copy, and a dedupe never hands
 * one profile a record of another. A transcription job's Idempotency-Key is per profile, like
 * every other key. post_metric_reads carries its submission's profile so that analytics filters
 * on its own table.
 */
export class ProfileScopedMedia1772100000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX media_user_sha256_ready`);
    await runner.query(
      `CREATE UNIQUE INDEX media_profile_sha256_ready ON media (user_id, profile_id, sha256)
        WHERE status = 'ready'`,
    );
    await runner.query(`DROP INDEX media_user_created`);
    await runner.query(
      `CREATE INDEX media_profile_created ON media (user_id, profile_id, created_at DESC, id DESC)`,
    );
    await runner.query(
      `ALTER TABLE transcription_jobs DROP CONSTRAINT transcription_jobs_user_id_request_key_hash_key`,
    );
    await runner.query(
      `ALTER TABLE transcription_jobs ADD CONSTRAINT transcription_jobs_profile_request_key
        UNIQUE (user_id, profile_id, request_key_hash)`,
    );
    await runner.query(
      `ALTER TABLE post_metric_reads ADD COLUMN profile_id uuid REFERENCES profiles (id) ON DELETE CASCADE`,
    );
    await runner.query(`UPDATE post_metric_reads r SET profile_id = s.profile_id
      FROM post_submissions s WHERE s.id = r.submission_id`);
    await runner.query(`ALTER TABLE post_metric_reads ALTER COLUMN profile_id SET NOT NULL`);
    await runner.query(`DROP INDEX post_metric_reads_user_idx`);
    await runner.query(
      `CREATE INDEX post_metric_reads_profile_idx ON post_metric_reads (user_id, profile_id, published_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX post_metric_reads_profile_idx`);
    await runner.query(
      `CREATE INDEX post_metric_reads_user_idx ON post_metric_reads (user_id, published_at)`,
    );
    await runner.query(`ALTER TABLE post_metric_reads DROP COLUMN profile_id`);
    await runner.query(
      `ALTER TABLE transcription_jobs DROP CONSTRAINT transcription_jobs_profile_request_key`,
    );
    await runner.query(
      `ALTER TABLE transcription_jobs ADD CONSTRAINT transcription_jobs_user_id_request_key_hash_key
        UNIQUE (user_id, request_key_hash)`,
    );
    await runner.query(`DROP INDEX media_profile_created`);
    await runner.query(
      `CREATE INDEX media_user_created ON media (user_id, created_at DESC, id DESC)`,
    );
    await runner.query(`DROP INDEX media_profile_sha256_ready`);
    await runner.query(
      `CREATE UNIQUE INDEX media_user_sha256_ready ON media (user_id, sha256) WHERE status = 'ready'`,
    );
  }
}
