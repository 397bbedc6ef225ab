import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMedia1764550000000 implements MigrationInterface {
  name = 'CreateMedia1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE media (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('pending', 'ready')),
        storage_key text NOT NULL UNIQUE,
        mime_type text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 char(64),
        width integer,
        height integer,
        duration_seconds double precision,
        source_url text,
        filename text,
        upload_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status = 'pending' OR sha256 IS NOT NULL)
      )`);
    // One stored copy per user and content: the dedup rule, enforced even under races.
    await queryRunner.query(
      `CREATE UNIQUE INDEX media_user_sha256_ready ON media (user_id, sha256) WHERE status = 'ready'`,
    );
    // Newest-first cursor pagination per user.
    await queryRunner.query(
      `CREATE INDEX media_user_created ON media (user_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE media_usages (
        media_id uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
        holder text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (media_id, holder)
      )`);
    await queryRunner.query(`CREATE INDEX media_usages_holder ON media_usages (holder)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE media_usages`);
    await queryRunner.query(`DROP TABLE media`);
  }
}
