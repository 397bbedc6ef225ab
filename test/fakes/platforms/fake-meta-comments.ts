import { facebookCommentPhoto } from './fake-facebook-comment-photos';
import type { FakeMetaGraph } from './fake-meta-graph';
import { type GraphPost, graphError, graphTime, newId } from './meta-graph-shared';
import type { FakeReply, ReceivedCall, RouteHandler } from './platform-server';

/*
 * META_COMMENTS_DOCS: the pages these routes encode, cited beside each check by name.
 *   igComments  https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
 *   fbComments  https://developers.facebook.com/documentation/pages-api/comments-mentions
 *   fbEdge      https://developers.facebook.com/docs/graph-api/reference/object/comments
 *   errors      https://developers.facebook.com/docs/graph-api/guides/error-handling
 */

const SCOPES = '.scopes.';

/**
 * A token granted only `scopes` (a test convention: a Meta token carries the permissions its user
 * granted). A token without the suffix carries every permission.
 */
export const scopedToken = (token: string, scopes: string[]) =>
  `${token}${SCOPES}${scopes.join('+')}`;

const grants = (call: ReceivedCall, permission: string): boolean => {
  const token = call.fields.access_token ?? call.query.access_token ?? '';
  const at = token.indexOf(SCOPES);
  return (
    at < 0 ||
    token
      .slice(at + SCOPES.length)
      .split('+')
      .includes(permission)
  );
};

const commentsOwner = (objectId: string) => `comments:${objectId}`;

/** The comments made on an object, oldest first. */
export const commentsOn = (fake: FakeMetaGraph, objectId: string): GraphPost[] =>
  fake.posts.filter((p) => p.owner === commentsOwner(objectId)).reverse();

type Family = 'instagram' | 'facebook';
type Found = { post: GraphPost; family: Family };

/** The published IG media or Page post (photo, video) the id names, and whose it is. */
function objectOf(fake: FakeMetaGraph, id: string): Found | null {
  const post = fake.posts.find((p) => p.id === id && p.kind !== 'comment');
  if (post && fake.igUsers.has(post.owner)) {
    return { post, family: 'instagram' };
  }
  return post && fake.pages.has(post.owner) ? { post, family: 'facebook' } : null;
}

/**
 * The permission each call needs: igComments "Requirements" (instagram_manage_comments, with
 * Facebook Login) for creating and reading; fbComments "Permissions" (pages_manage_engagement)
 * to comment and pages_read_engagement to read. Refused as errors "Error Codes": 10 API
 * Permission Denied (Instagram's answer), 200 API Permission (Facebook's); the message
 * wording is Meta's usual one, not quoted on the page.
 */
function permissionRefusal(call: ReceivedCall, family: Family, write: boolean): FakeReply | null {
  if (family === 'instagram') {
    return grants(call, 'instagram_manage_comments')
      ? null
      : graphError(403, 10, '(#10) Application does not have permission for this action');
  }
  const permission = write ? 'pages_manage_engagement' : 'pages_read_engagement';
  return grants(call, permission)
    ? null
    : graphError(403, 200, `(#200) Requires the ${permission} permission`);
}

/** The object must exist and the token must carry the call's permission. */
const guarded =
  (
    fake: FakeMetaGraph,
    write: boolean,
    handler: (call: ReceivedCall, id: string, object: Found) => FakeReply | Promise<FakeReply>,
  ): RouteHandler =>
  (call, [id]) => {
    const object = objectOf(fake, id);
    if (!object) {
      // errors "Error Codes": 100 invalid parameter; subcode 33 as Meta sends it for an id that
      // is no object the token can see.
      const verb = write ? 'post' : 'get';
      return graphError(
        400,
        100,
        `Unsupported ${verb} request. Object with ID '${id}' does not exist`,
        33,
      );
    }
    return permissionRefusal(call, object.family, write) ?? handler(call, id, object);
  };

async function create(
  fake: FakeMetaGraph,
  call: ReceivedCall,
  id: string,
  object: Found,
): Promise<FakeReply> {
  const message = call.fields.message ?? call.query.message ?? '';
  const attached = ['attachment_id', 'attachment_share_url', 'attachment_url'].some(
    (field) => call.fields[field] !== undefined,
  );
  // igComments "Creating": message is required. fbEdge "Publishing": a comment needs a
  // message or an attachment (attachment_id, attachment_share_url, attachment_url).
  if (message === '' && object.family === 'instagram') {
    return graphError(400, 100, '(#100) The parameter message is required');
  }
  if (message === '' && !attached) {
    return graphError(400, 100, '(#100) Missing message or attachment');
  }
  // igComments "Creating" takes `message` alone; a Page comment may carry a photo.
  const photo = object.family === 'facebook' ? await facebookCommentPhoto(fake, call) : null;
  if (photo && 'status' in photo) {
    return photo;
  }
  const commentId = object.family === 'facebook' ? `${id}_${newId()}` : newId();
  fake.posts.unshift({
    id: commentId,
    owner: commentsOwner(id),
    text: message,
    kind: 'comment',
    media: photo?.media ?? [],
    // A Facebook Comment has a permalink_url (its shape here is the fake's); an IG Comment has
    // no permalink field.
    permalink:
      object.family === 'facebook' ? `${object.post.permalink}?comment_id=${commentId}` : '',
    createdAt: graphTime(),
  });
  return { status: 200, body: { id: commentId } };
}

function list(fake: FakeMetaGraph, call: ReceivedCall, id: string, object: Found): FakeReply {
  let comments = commentsOn(fake, id);
  // fbEdge "Reading": the `order` of the comments, chronological (the default) or newest first.
  if (call.query.order === 'reverse_chronological') {
    comments = comments.reverse();
  }
  const author = object.post.owner;
  const data = comments.slice(0, Number(call.query.limit ?? 25)).map((c) =>
    object.family === 'instagram'
      ? {
          id: c.id,
          text: c.text,
          timestamp: c.createdAt,
          from: { id: author, username: 'sokudev' },
        }
      : {
          id: c.id,
          message: c.text,
          created_time: c.createdAt,
          from: { id: author, name: 'Soku' },
        },
  );
  return { status: 200, body: { data, paging: { cursors: { before: 'b', after: 'a' } } } };
}

/** `POST` and `GET /{version}/{object-id}/comments` on IG media and Page posts. */
export function metaCommentRoutes(
  fake: FakeMetaGraph,
  graphVersion: string,
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  const g = `/${graphVersion}`;
  return [
    [`POST ${g}/:id/comments`, authed(guarded(fake, true, (c, id, o) => create(fake, c, id, o)))],
    [`GET ${g}/:id/comments`, authed(guarded(fake, false, (c, id, o) => list(fake, c, id, o)))],
  ];
}
