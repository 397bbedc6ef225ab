import type { Received, Reply } from './recording-server';
import type { FakeYoutube } from './youtube-fake';

/*
 * INSERT_DOCS: https://developers.google.com/youtube/v3/docs/commentThreads/insert
 *   "Authorization": youtube.force-ssl; "Parameters": part (required), snippet; "Request body":
 *   snippet.channelId, snippet.videoId and snippet.topLevelComment.snippet.textOriginal required;
 *   "Errors": 400 channelOrVideoIdMissing, 400 commentTextRequired, 403 commentsDisabled,
 *   404 videoNotFound. Quota cost 50 units. The answer is the commentThread resource.
 * LIST_DOCS: https://developers.google.com/youtube/v3/docs/commentThreads/list
 *   part (required), videoId as the filter; "Errors": 403 commentsDisabled, 404 videoNotFound;
 *   threads newest first (order=time is the default).
 * A token without the method's scope is refused by Google's OAuth layer as 403
 * insufficientPermissions (https://developers.google.com/youtube/v3/docs/errors, "Core API errors").
 */

const FORCE_SSL = 'https://www.googleapis.com/auth/youtube.force-ssl';

export interface YoutubeThread {
  id: string;
  channelId: string;
  videoId: string;
  text: string;
  publishedAt: string;
}

interface CommentsState {
  threads: YoutubeThread[];
  /** Videos whose owner turned comments off. */
  commentsDisabled: Set<string>;
  /** The channel's default for its uploads is "comments off" (set in YouTube Studio). */
  commentsOffForUploads: boolean;
  /** Scopes per token; a token not listed has the upload, readonly and force-ssl scopes. */
  scopes: Map<string, string[]>;
  /** The next thread is created, but its connection is cut before the answer. */
  loseNextAnswer: boolean;
  next: number;
}

const states = new WeakMap<FakeYoutube, CommentsState>();

export function youtubeComments(fake: FakeYoutube): CommentsState {
  let state = states.get(fake);
  if (!state) {
    state = {
      threads: [],
      commentsDisabled: new Set(),
      commentsOffForUploads: false,
      scopes: new Map(),
      loseNextAnswer: false,
      next: 1,
    };
    states.set(fake, state);
  }
  return state;
}

const googleError = (code: number, reason: string, message: string): Reply => ({
  status: code,
  json: {
    error: { code, message, errors: [{ message, domain: 'youtube.commentThread', reason }] },
  },
});

/** Answers `/youtube/v3/commentThreads`, or undefined for any other path. */
export function youtubeCommentRoute(
  fake: FakeYoutube,
  req: Received,
  token: string,
  videos: Set<string>,
): Reply | undefined {
  if (req.path !== '/youtube/v3/commentThreads') {
    return undefined;
  }
  // INSERT_DOCS / LIST_DOCS ("Parameters"): part is required.
  if (!(req.query.get('part') ?? '').split(',').includes('snippet')) {
    return googleError(
      400,
      'missingRequiredParameter',
      'No filter selected. Expected one of: part',
    );
  }
  const state = youtubeComments(fake);
  if (req.method === 'POST') {
    return insertThread(state, req, token, videos);
  }
  return req.method === 'GET' ? listThreads(state, req, videos) : undefined;
}

function insertThread(
  state: CommentsState,
  req: Received,
  token: string,
  videos: Set<string>,
): Reply {
  const scopes = state.scopes.get(token);
  if (scopes && !scopes.includes(FORCE_SSL)) {
    return googleError(
      403,
      'insufficientPermissions',
      'Request had insufficient authentication scopes.',
    );
  }
  const snippet = (req.json?.snippet ?? {}) as Record<string, unknown>;
  const top = (snippet.topLevelComment ?? {}) as { snippet?: { textOriginal?: unknown } };
  const text = top.snippet?.textOriginal;
  if (typeof snippet.channelId !== 'string' || typeof snippet.videoId !== 'string') {
    return googleError(
      400,
      'channelOrVideoIdMissing',
      'The comment thread must be linked to a video.',
    );
  }
  if (typeof text !== 'string' || text.trim() === '') {
    return googleError(400, 'commentTextRequired', 'The comment must have text.');
  }
  const refusal = videoRefusal(state, snippet.videoId, videos);
  if (refusal) {
    return refusal;
  }
  const thread: YoutubeThread = {
    id: `Ugz${String(state.next++).padStart(8, '0')}`,
    channelId: snippet.channelId,
    videoId: snippet.videoId,
    text,
    publishedAt: new Date().toISOString(),
  };
  state.threads.push(thread);
  if (state.loseNextAnswer) {
    state.loseNextAnswer = false;
    return { status: 200, drop: true };
  }
  return { status: 200, json: resource(thread) };
}

function listThreads(state: CommentsState, req: Received, videos: Set<string>): Reply {
  const videoId = req.query.get('videoId') ?? '';
  const refusal = videoRefusal(state, videoId, videos);
  if (refusal) {
    return refusal;
  }
  const items = state.threads
    .filter((thread) => thread.videoId === videoId)
    .reverse()
    .map(resource);
  return {
    status: 200,
    json: {
      kind: 'youtube#commentThreadListResponse',
      items,
      pageInfo: { totalResults: items.length, resultsPerPage: 20 },
    },
  };
}

/** INSERT_DOCS / LIST_DOCS ("Errors"): an unknown video, or one with comments turned off. */
function videoRefusal(state: CommentsState, videoId: string, videos: Set<string>): Reply | null {
  if (!videos.has(videoId)) {
    return googleError(
      404,
      'videoNotFound',
      'The video identified by the videoId parameter could not be found.',
    );
  }
  if (state.commentsOffForUploads || state.commentsDisabled.has(videoId)) {
    return googleError(
      403,
      'commentsDisabled',
      'The video identified by the videoId parameter has disabled comments.',
    );
  }
  return null;
}

function resource(thread: YoutubeThread): Record<string, unknown> {
  const comment = {
    kind: 'youtube#comment',
    id: thread.id,
    snippet: {
      authorChannelId: { value: thread.channelId },
      channelId: thread.channelId,
      videoId: thread.videoId,
      textDisplay: thread.text,
      textOriginal: thread.text,
      publishedAt: thread.publishedAt,
      updatedAt: thread.publishedAt,
    },
  };
  return {
    kind: 'youtube#commentThread',
    id: thread.id,
    snippet: {
      channelId: thread.channelId,
      videoId: thread.videoId,
      topLevelComment: comment,
      canReply: true,
      totalReplyCount: 0,
      isPublic: true,
    },
  };
}
