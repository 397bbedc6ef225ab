import type { FakeMetaGraph } from './fake-meta-graph';
import { type GraphPost, graphError } from './meta-graph-shared';
import type { FakeReply, ReceivedCall, RouteHandler } from './platform-server';

/*
 * THREADS_REPLY_DOCS: the pages these routes encode, cited beside each check by name.
 *   createReplies  https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies/create-replies
 *   userReplies    https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/retrieve-replies
 *   userReference  https://developers.facebook.com/docs/threads/reference/user
 */

/** The earliest `since` the API takes (THREADS_REPLY_DOCS.userReference, "since"). */
const EARLIEST_SINCE_S = 1688540400;

/** The media type a reply lists with, by the container it was published from. */
const REPLY_MEDIA_TYPES: Record<string, string> = {
  IMAGE: 'IMAGE',
  VIDEO: 'VIDEO',
  CAROUSEL: 'CAROUSEL_ALBUM',
};

const fieldOf = (call: ReceivedCall, name: string): string | undefined =>
  call.fields[name] ?? call.query[name];

/**
 * Threads replies over the fake's posts and containers: a container with `reply_to_id`, then
 * the usual `threads_publish` (THREADS_REPLY_DOCS.createReplies, steps 1 and 2), and the user's
 * replies, `GET /{threads-user-id}/replies`. A published reply is a post of the fake with
 * `repliedTo` set; the 500-character rule and the container states are the fake's usual ones.
 * These routes are the fake's Threads create and publish calls, replies or not.
 */
export function threadsReplyRoutes(
  fake: FakeMetaGraph,
  version: string,
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  const threadsMedia = (id: string): GraphPost | undefined =>
    fake.posts.find((post) => post.id === id && fake.threadsUsers.has(post.owner));

  const create: RouteHandler = (call, [user]) => {
    const replyTo = fieldOf(call, 'reply_to_id');
    // reply_to_id names the Threads media being answered (createReplies, step 1). A media the
    // API does not know gets Graph's answer for an id that names nothing: (#100) subcode 33.
    if (replyTo !== undefined && !threadsMedia(replyTo)) {
      return graphError(
        400,
        100,
        `Unsupported post request. Object with ID '${replyTo}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
        33,
      );
    }
    return fake.createContainer(call, user, 'threads');
  };

  const publish: RouteHandler = (call, [user]) => {
    const container = fake.containers.get(fieldOf(call, 'creation_id') ?? '');
    const reply = fake.publishContainer(call, user, 'threads');
    const id = (reply.body as { id?: string } | undefined)?.id;
    const replyTo = container?.fields.reply_to_id;
    if (reply.status === 200 && id && replyTo) {
      // The reply container publishes like a post (createReplies, step 2): it answers replyTo.
      fake.posts.find((post) => post.id === id)!.repliedTo = replyTo;
    }
    return reply;
  };

  return [
    [`POST /${version}/:user/threads`, authed(create)],
    [`POST /${version}/:user/threads_publish`, authed(publish)],
    [`GET /${version}/:user/replies`, authed((call, [user]) => listReplies(fake, call, user))],
  ];
}

/**
 * "A paginated list of all replies created by a user", newest first, with the fields asked for
 * (`id` by default) (THREADS_REPLY_DOCS.userReplies, "Fields"); `since` and `limit` as the user
 * reference gives them: a Unix time or a date, not before 1688540400; 25 by default, 100 at most.
 */
function listReplies(fake: FakeMetaGraph, call: ReceivedCall, user: string): FakeReply {
  if (!fake.threadsUsers.has(user)) {
    return graphError(
      400,
      100,
      `Unsupported get request. Object with ID '${user}' does not exist`,
      33,
    );
  }
  const since = call.query.since;
  const sinceMs = since === undefined ? 0 : sinceToMs(since);
  const limit = Number(call.query.limit ?? '25');
  if (Number.isNaN(sinceMs) || !Number.isInteger(limit) || limit < 0 || limit > 100) {
    return graphError(400, 100, 'Invalid parameter');
  }
  const fields = (call.query.fields ?? 'id').split(',');
  const replies = fake.posts.filter(
    (post) => post.owner === user && post.repliedTo && Date.parse(post.createdAt) >= sinceMs,
  );
  return {
    status: 200,
    body: {
      data: replies.slice(0, limit).map((post) => pick(replyFields(fake, post), fields)),
      paging: { cursors: { before: 'b', after: 'a' } },
    },
  };
}

function sinceToMs(since: string): number {
  const ms = /^\d+$/.test(since) ? Number(since) * 1000 : Date.parse(since);
  return ms >= EARLIEST_SINCE_S * 1000 ? ms : Number.NaN;
}

function replyFields(fake: FakeMetaGraph, post: GraphPost): Record<string, unknown> {
  let root = post;
  for (let parent = post; parent.repliedTo;) {
    const next = fake.posts.find((p) => p.id === parent.repliedTo);
    if (!next) {
      break;
    }
    root = parent = next;
  }
  return {
    id: post.id,
    text: post.text || undefined,
    username: 'threads.dev',
    permalink: post.permalink,
    timestamp: post.createdAt,
    media_product_type: 'THREADS',
    // userReplies "Fields": media_type is TEXT_POST, IMAGE, VIDEO or CAROUSEL_ALBUM.
    media_type: REPLY_MEDIA_TYPES[post.kind] ?? 'TEXT_POST',
    is_reply: true,
    replied_to: { id: post.repliedTo },
    root_post: { id: root.id },
  };
}

function pick(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]]));
}
