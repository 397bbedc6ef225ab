import type { DataSource, EntityManager } from 'typeorm';

/** The events users can subscribe to; each is written to the `events` outbox with its cause. */
export const EVENT_TYPES = [
  'post.run.succeeded',
  'post.run.failed',
  'post.completed',
  'post.cancelled',
  'integration.needs_reauth',
  'transcription.completed',
  'post.run.deleted',
  'post.run.delete_failed',
  'post.updated',
  'post.run.part_failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The outbox insert of insertEventsSql: the database derives each event's profile from its row. */
const INSERT_EVENTS = 'INSERT INTO events (type, user_id, data)';

/**
 * Records an event in the caller's transaction, so it commits (or not) with the state change
 * that causes it. The relay in the worker delivers it later; a crash delays it, never drops it.
 * Its profile is the one of the row it names (the post, integration or job): the database
 * derives it (migration ProfileScopedWebhooks), so the relay routes it to that profile only.
 */
export function recordEvent(
  db: EntityManager | DataSource,
  type: EventType,
  userId: string,
  data: object,
): Promise<void> {
  return recordEvents(db, [{ type, userId, data }]);
}

/**
 * An event to record; `profileId` is the profile of the row it is about (a post's). Left out,
 * the database derives it from that row (migration ProfileScopedWebhooks).
 */
export interface NewEvent {
  type: EventType;
  userId: string;
  profileId?: string;
  data: object;
}

/**
 * Several events in one statement, in this order. They go as one JSON document: a jsonb[]
 * parameter would make the driver escape every quote of every event's data (about 2 µs an event).
 */
export async function recordEvents(
  db: EntityManager | DataSource,
  events: NewEvent[],
): Promise<void> {
  await db.query(
    `INSERT INTO events (type, user_id, profile_id, data)
     SELECT e.type, e.user_id, e.profile_id, e.data
       FROM jsonb_to_recordset($1::jsonb) AS e(type text, user_id uuid, profile_id uuid, data jsonb)`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          user_id: e.userId,
          profile_id: e.profileId ?? null,
          data: e.data,
        })),
      ),
    ],
  );
}

/**
 * The outbox insert of events built in SQL, one per row of `select` (which yields `user_id` and
 * `data`): for a statement that changes rows and records their events at once, so no row
 * changes without its event.
 */
export function insertEventsSql(type: EventType, select: string): string {
  return `${INSERT_EVENTS} SELECT '${type}', e.user_id, e.data FROM (${select}) e`;
}
