import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Post lists read one profile's posts (GET /v1/posts, the export, the calendar's window of
 * scheduled time), and deleting a profile counts and cancels its pending posts: the owner's
 * indexes gain the profile, so a profile's page never scans its user's other profiles. The
 * owner-only indexes stay for the admin's search of one user.
 */
export class ProfileScopedPosts1772000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX post_submissions_profile_created
         ON post_submissions (user_id, profile_id, created_at DESC, id DESC)`,
    );
    await runner.query(
      `CREATE INDEX post_submissions_profile_scheduled
         ON post_submissions (user_id, profile_id, scheduled_time)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX post_submissions_profile_scheduled`);
    await runner.query(`DROP INDEX post_submissions_profile_created`);
  }
}
