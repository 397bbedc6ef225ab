import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks, automations and events by profile.
 *
 * An event's profile is the profile of the row it names: the post (`data.id`) for post.*, the
 * integration (`data.id`) for integration.needs_reauth, the job (`data.jobId`) for
 * transcription.completed. The database derives it on insert instead of every writer passing
 * it: writers live in four modules and some build their events in SQL, and a profile read from
 * the named row cannot disagree with that row. An explicit profile_id is kept; an event whose
 * row is not found falls back to the user's default profile, as before.
 *
 * The relay routes each event to the endpoints and automations of its (user, profile), and the
 * owner's lists read them by (user, profile): both get an index that leads with the pair.
 */
export class ProfileScopedWebhooks1772300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION soku_event_profile_id() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        subject text := CASE WHEN NEW.type = 'transcription.completed' THEN NEW.data->>'jobId'
                             ELSE NEW.data->>'id' END;
      BEGIN
        IF NEW.profile_id IS NULL AND subject ~ '^[0-9a-fA-F-]{36}$' THEN
          IF NEW.type LIKE 'post.%' THEN
            SELECT profile_id INTO NEW.profile_id FROM post_submissions
              WHERE id = subject::uuid AND user_id = NEW.user_id;
          ELSIF NEW.type = 'integration.needs_reauth' THEN
            SELECT profile_id INTO NEW.profile_id FROM integrations
              WHERE id = subject::uuid AND user_id = NEW.user_id;
          ELSIF NEW.type = 'transcription.completed' THEN
            SELECT profile_id INTO NEW.profile_id FROM transcription_jobs
              WHERE id = subject::uuid AND user_id = NEW.user_id;
          END IF;
        END IF;
        NEW.profile_id := COALESCE(NEW.profile_id, NEW.user_id);
        RETURN NEW;
      END $$`);
    await runner.query(`DROP TRIGGER events_default_profile ON events`);
    await runner.query(`
      CREATE TRIGGER events_profile_of_subject BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION soku_event_profile_id()`);
    await runner.query(`DROP INDEX webhook_endpoints_user`);
    await runner.query(
      `CREATE INDEX webhook_endpoints_profile ON webhook_endpoints
         (user_id, profile_id, created_at DESC, id DESC)`,
    );
    await runner.query(`DROP INDEX automations_user`);
    await runner.query(
      `CREATE INDEX automations_profile ON automations (user_id, profile_id, created_at DESC, id DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX automations_profile`);
    await runner.query(
      `CREATE INDEX automations_user ON automations (user_id, created_at DESC, id DESC)`,
    );
    await runner.query(`DROP INDEX webhook_endpoints_profile`);
    await runner.query(
      `CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, created_at DESC, id DESC)`,
    );
    await runner.query(`DROP TRIGGER events_profile_of_subject ON events`);
    await runner.query(`
      CREATE TRIGGER events_default_profile BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION soku_default_profile_id()`);
    await runner.query(`DROP FUNCTION soku_event_profile_id()`);
  }
}
