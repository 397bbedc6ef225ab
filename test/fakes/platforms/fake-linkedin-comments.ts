import type { FakeLinkedin } from './linkedin-fake';
import type { Received, Reply } from './recording-server';

/*
 * COMMENTS_DOCS: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api
 *   "Permissions": w_member_social comments as the member, w_organization_social as an
 *   organization the member administers; reading comments needs r_member_social (restricted)
 *   or r_organization_social. "Create a Comment": POST /rest/socialActions/{shareUrn|ugcPostUrn}/comments
 *   with {actor, object, message: {text}}, 201 with the comment id in x-restli-id and the comment
 *   (its commentUrn) in the body. "Get Comments on Shares": GET on the same path, `elements`.
 * PROTOCOL_DOCS: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version
 *   ("Single Resource Key"): under Rest.li 2.0 a URN key in the path is URL-encoded whole.
 * The LinkedIn-Version and X-Restli-Protocol-Version checks run in FakeLinkedin.route before these.
 */

/** What a token was granted and whom it acts for. */
export interface LinkedinGrant {
  member: string;
  scopes: string[];
  /** Organizations the member administers. */
  organizations: string[];
}

export interface LinkedinComment {
  id: string;
  commentUrn: string;
  actor: string;
  object: string;
  text: string;
  createdAt: number;
}

interface CommentsState {
  comments: LinkedinComment[];
  grants: Map<string, LinkedinGrant>;
  /** The next comment is created, but its connection is cut before the answer. */
  loseNextAnswer: boolean;
  next: number;
}

/** The member and organization the fake's OAuth connect yields, with the scopes Soku asks for. */
export const DEFAULT_LINKEDIN_GRANT: LinkedinGrant = {
  member: 'urn:li:person:li-sub-1',
  scopes: [
    'openid',
    'profile',
    'w_member_social',
    'w_organization_social',
    'r_organization_social',
  ],
  organizations: ['urn:li:organization:5515715'],
};

const states = new WeakMap<FakeLinkedin, CommentsState>();

/** The fake's comments and grants (tokens not in `grants` get DEFAULT_LINKEDIN_GRANT). */
export function linkedinComments(fake: FakeLinkedin): CommentsState {
  let state = states.get(fake);
  if (!state) {
    state = { comments: [], grants: new Map(), loseNextAnswer: false, next: 1 };
    states.set(fake, state);
  }
  return state;
}

const error = (status: number, code: string, message: string): Reply => ({
  status,
  json: { status, code, message },
});

const PATH = /^\/rest\/socialActions\/([^/]+)\/comments$/;

/** Answers the Comments API routes, or undefined for any other path. */
export function linkedinCommentRoute(
  fake: FakeLinkedin,
  req: Received,
  token: string,
): Reply | undefined {
  const match = PATH.exec(req.path);
  if (!match) {
    return undefined;
  }
  // PROTOCOL_DOCS: the key is encoded whole, so a raw ':' in the path is not a valid key.
  if (match[1].includes(':')) {
    return error(400, 'ILLEGAL_ARGUMENT', 'The resource key must be URL-encoded');
  }
  const urn = decodeURIComponent(match[1]);
  const post = fake.posts.find((p) => p.id === urn);
  if (!post) {
    return error(404, 'NOT_FOUND', `Not Found: ${urn}`);
  }
  const state = linkedinComments(fake);
  const grant = state.grants.get(token) ?? DEFAULT_LINKEDIN_GRANT;
  if (req.method === 'GET') {
    return listComments(state, grant, urn, post.author);
  }
  return req.method === 'POST' ? createComment(state, grant, urn, req) : undefined;
}

function createComment(
  state: CommentsState,
  grant: LinkedinGrant,
  urn: string,
  req: Received,
): Reply {
  const body = req.json ?? {};
  const text = (body.message as { text?: unknown } | undefined)?.text;
  // COMMENTS_DOCS ("Create a Comment"): actor, object (the post in the path) and message.text.
  if (body.object !== urn || typeof text !== 'string' || text === '') {
    return error(400, 'ILLEGAL_ARGUMENT', 'actor, object (the post) and message.text are required');
  }
  const actor = typeof body.actor === 'string' ? body.actor : '';
  // COMMENTS_DOCS ("Permissions"): the member's own comments, or an administered organization's.
  const asMember = actor === grant.member;
  const asOrganization = grant.organizations.includes(actor);
  const scope = asMember ? 'w_member_social' : 'w_organization_social';
  if ((!asMember && !asOrganization) || !granted(grant, scope)) {
    return error(
      403,
      'ACCESS_DENIED',
      `Not enough permissions to access: socialActions.comments.CREATE as ${actor}`,
    );
  }
  const id = `71000000000000${String(state.next++).padStart(5, '0')}`;
  const comment: LinkedinComment = {
    id,
    commentUrn: `urn:li:comment:(${urn},${id})`,
    actor,
    object: urn,
    text,
    createdAt: Date.now(),
  };
  state.comments.push(comment);
  if (state.loseNextAnswer) {
    state.loseNextAnswer = false;
    return { status: 201, drop: true };
  }
  return { status: 201, headers: { 'x-restli-id': id }, json: view(comment) };
}

function listComments(
  state: CommentsState,
  grant: LinkedinGrant,
  urn: string,
  author: string,
): Reply {
  // COMMENTS_DOCS ("Permissions"): reading a member's comments needs the restricted
  // r_member_social; an administered organization's, r_organization_social.
  const allowed = author.startsWith('urn:li:person:')
    ? granted(grant, 'r_member_social')
    : grant.organizations.includes(author) && granted(grant, 'r_organization_social');
  if (!allowed) {
    return error(
      403,
      'ACCESS_DENIED',
      'Not enough permissions to access: socialActions.comments.GET_ALL',
    );
  }
  const elements = state.comments.filter((c) => c.object === urn).map(view);
  return {
    status: 200,
    json: { elements, paging: { start: 0, count: 10, total: elements.length } },
  };
}

/**
 * COMMENTS_DOCS ("Permissions") names the same permissions with a `_feed` suffix
 * (w_member_social_feed…) where the Posts API pages keep the plain names: either is accepted.
 */
function granted(grant: LinkedinGrant, scope: string): boolean {
  return grant.scopes.includes(scope) || grant.scopes.includes(`${scope}_feed`);
}

function view(comment: LinkedinComment): Record<string, unknown> {
  return {
    id: comment.id,
    commentUrn: comment.commentUrn,
    actor: comment.actor,
    object: comment.object,
    message: { text: comment.text, attributes: [] },
    created: { actor: comment.actor, time: comment.createdAt },
    lastModified: { actor: comment.actor, time: comment.createdAt },
  };
}
