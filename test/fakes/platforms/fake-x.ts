import { randomInt } from 'node:crypto';
import {
  type FakeReply,
  PlatformServer,
  type ReceivedCall,
  type RouteHandler,
} from './platform-server';
import { xMetricsRoutes } from './fake-x-metrics';
import { xDeleteRoutes } from './fake-x-deletes';
import { xReplyRoutes } from './fake-x-replies';

interface XMedia {
  id: string;
  mediaKey: string;
  category: string;
  type: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  statusChecks: number;
}

export interface XTweet {
  id: string;
  text: string;
  mediaIds: string[];
  mediaKeys: string[];
  createdAt: string;
}

const problem = (
  status: number,
  title: string,
  detail: string,
  type = 'about:blank',
): FakeReply => ({
  status,
  body: { title, type, status, detail },
});
/** X's invalid-request problem (X_DOCS.errors, "Error types": invalid-request). */
const INVALID_REQUEST = problem(
  400,
  'Invalid Request',
  'One or more parameters to your request was invalid.',
  'https://api.twitter.com/2/problems/invalid-request',
);
const INVALID_MEDIA_IDS: FakeReply = {
  status: 400,
  body: {
    ...(INVALID_REQUEST.body as object),
    errors: [{ message: 'Your media IDs are invalid.' }],
  },
};
const snowflake = () => `18${randomInt(10 ** 9, 10 ** 10 - 1)}${randomInt(10 ** 6)}`;

/*
 * X_DOCS: the documentation pages this fake encodes, cited beside each check by name.
 *   createPost  https://docs.x.com/x-api/posts/create-post
 *   chunked     https://docs.x.com/x-api/media/quickstart/media-upload-chunked
 *   timeline    https://docs.x.com/x-api/posts/timelines/introduction ("User Posts")
 *   errors      https://docs.x.com/x-api/fundamentals/response-codes-and-errors
 */

/**
 * X API v2 as documented: `POST /2/media/upload` (images, multipart), the chunked
 * initialize/append/finalize/STATUS flow (videos, GIFs), `POST /2/tweets` with its rules (4
 * images or 1 video or 1 GIF, processed media only, duplicate text 403) and the user timeline.
 * Bearer tokens are checked with `isLive` (the fake OAuth server's).
 */
export class FakeX extends PlatformServer {
  readonly userId = '2244994945';
  tweets: XTweet[] = [];
  media = new Map<string, XMedia>();
  /** STATUS calls before a video is `succeeded` (0: finalize answers succeeded). */
  processingChecks = 1;
  /** The video never finishes processing. */
  stuckProcessing = false;
  /** Test control: the next N timeline reads leave the newest post out (a lagging read). */
  timelineLag = 0;

  constructor(private readonly isLive: (token: string) => boolean) {
    super();
  }

  override reset(): void {
    super.reset();
    this.tweets = [];
    this.media.clear();
    this.stuckProcessing = false;
    this.processingChecks = 1;
    this.timelineLag = 0;
  }

  protected routes(): [string, RouteHandler][] {
    const authed =
      (handler: RouteHandler): RouteHandler =>
      (call, params) => {
        const token = call.authorization?.replace(/^Bearer /, '') ?? '';
        return this.isLive(token)
          ? handler(call, params)
          : problem(401, 'Unauthorized', 'Unauthorized');
      };
    return [
      ['POST /2/media/upload/initialize', authed((call) => this.initialize(call))],
      ['POST /2/media/upload/:id/append', authed((call, [id]) => this.append(call, id))],
      ['POST /2/media/upload/:id/finalize', authed((_call, [id]) => this.finalize(id))],
      ['GET /2/media/upload', authed((call) => this.status(call))],
      ['POST /2/media/upload', authed((call) => this.simpleUpload(call))],
      ...xReplyRoutes(this).map(([route, handler]): [string, RouteHandler] => [
        route,
        authed(handler),
      ]),
      ['POST /2/tweets', authed((call) => this.createTweet(call))],
      ['GET /2/users/:id/tweets', authed((_call, [id]) => this.timeline(id))],
      ...xMetricsRoutes(this, authed),
      ...xDeleteRoutes(this, authed),
      [
        'GET /2/users/me',
        authed(() => ({
          status: 200,
          body: { data: { id: this.userId, username: 'sokudev', name: 'Soku Dev' } },
        })),
      ],
    ];
  }

  private simpleUpload(call: ReceivedCall): FakeReply {
    const bytes = call.files.media;
    // Images go up in one multipart request with media_category tweet_image (X_DOCS.chunked,
    // intro: chunked upload is for videos and large files).
    if (!bytes || call.fields.media_category !== 'tweet_image') {
      return INVALID_REQUEST;
    }
    const media = this.newMedia(call.fields.media_type, 'tweet_image', bytes.length);
    media.state = 'succeeded';
    return { status: 200, body: { data: this.describe(media) } };
  }

  private initialize(call: ReceivedCall): FakeReply {
    const total = Number(call.fields.total_bytes);
    // INIT needs media_type, total_bytes and media_category (X_DOCS.chunked, "Step 1").
    if (
      !['tweet_video', 'tweet_gif'].includes(call.fields.media_category) ||
      !(total > 0) ||
      !call.fields.media_type
    ) {
      return INVALID_REQUEST;
    }
    const media = this.newMedia(call.fields.media_type, call.fields.media_category, total);
    return {
      status: 200,
      body: { data: { id: media.id, media_key: media.mediaKey, expires_after_secs: 86_400 } },
    };
  }

  private append(call: ReceivedCall, id: string): FakeReply {
    const media = this.media.get(id);
    const index = Number(call.fields.segment_index);
    const chunk = call.files.media;
    // APPEND: an initialized media_id, segment_index 0-999, one chunk (X_DOCS.chunked, "Step 2").
    if (
      !media ||
      media.state !== 'uploading' ||
      !Number.isInteger(index) ||
      index < 0 ||
      index > 999 ||
      !chunk
    ) {
      return INVALID_REQUEST;
    }
    // Each segment at most 5 MB (X_DOCS.chunked, "Step 2"; the message is X's, not on the page).
    if (chunk.length > 5 * 1024 * 1024) {
      return problem(400, 'Invalid Request', 'Segment size exceeds 5 MB');
    }
    media.segments.set(index, chunk);
    return { status: 200, body: { data: { expires_at: Math.floor(Date.now() / 1000) + 86_400 } } };
  }

  private finalize(id: string): FakeReply {
    const media = this.media.get(id);
    if (!media) {
      return problem(400, 'Invalid Request', 'Invalid media id');
    }
    // FINALIZE checks the segments add up to total_bytes (X_DOCS.chunked, "Step 3").
    const received = [...media.segments.values()].reduce((n, s) => n + s.length, 0);
    const contiguous = [...media.segments.keys()].sort((a, b) => a - b).every((k, i) => k === i);
    if (received !== media.totalBytes || !contiguous) {
      return problem(
        400,
        'Invalid Request',
        `File size mismatch: expected ${media.totalBytes}, received ${received}`,
      );
    }
    // Videos answer processing_info until processed: poll STATUS (X_DOCS.chunked, "Step 4").
    media.state = this.processingChecks > 0 || this.stuckProcessing ? 'pending' : 'succeeded';
    return { status: 200, body: { data: this.describe(media) } };
  }

  private status(call: ReceivedCall): FakeReply {
    const media = this.media.get(call.query.media_id);
    if (call.query.command !== 'STATUS' || !media) {
      return INVALID_REQUEST;
    }
    media.statusChecks++;
    if (!this.stuckProcessing && media.statusChecks >= this.processingChecks) {
      media.state = 'succeeded';
    } else {
      media.state = 'in_progress';
    }
    return { status: 200, body: { data: this.describe(media) } };
  }

  createTweet(call: ReceivedCall): FakeReply {
    const text = call.fields.text ?? '';
    const mediaIds: string[] = call.fields.media
      ? (JSON.parse(call.fields.media) as { media_ids: string[] }).media_ids
      : [];
    const media = mediaIds.map((id) => this.media.get(id));
    // Only processed media can be attached; 1-4 images or one video / GIF (X_DOCS.createPost,
    // body "media.media_ids").
    if (media.some((m) => !m || m.state !== 'succeeded')) {
      return INVALID_MEDIA_IDS;
    }
    const videos = media.filter((m) => m!.category !== 'tweet_image').length;
    if (mediaIds.length > 4 || (videos > 0 && mediaIds.length > 1)) {
      return INVALID_MEDIA_IDS;
    }
    if (!text && mediaIds.length === 0) {
      return INVALID_REQUEST;
    }
    // The same text again: 403 (X_DOCS.errors, 403 "Forbidden"); the detail is as X answers it
    // (the v2 pages do not quote it).
    if (text && this.tweets.some((t) => t.text === text)) {
      return problem(
        403,
        'Forbidden',
        'You are not allowed to create a Tweet with duplicate content.',
      );
    }
    const tweet: XTweet = {
      id: snowflake(),
      text,
      mediaIds,
      mediaKeys: media.map((m) => m!.mediaKey),
      createdAt: new Date().toISOString(),
    };
    this.tweets.unshift(tweet);
    return {
      status: 201,
      body: { data: { id: tweet.id, text, edit_history_tweet_ids: [tweet.id] } },
    };
  }

  private timeline(id: string): FakeReply {
    // An unknown user id: 404 resource-not-found (X_DOCS.timeline, X_DOCS.errors).
    if (id !== this.userId) {
      return problem(404, 'Not Found Error', `Could not find user with id: [${id}].`);
    }
    const visible = this.timelineLag > 0 ? this.tweets.slice(1) : this.tweets;
    this.timelineLag = Math.max(0, this.timelineLag - 1);
    return {
      status: 200,
      body: {
        data: visible.slice(0, 10).map((t) => ({
          id: t.id,
          text: t.mediaIds.length > 0 ? `${t.text} https://t.co/abc`.trim() : t.text,
          created_at: t.createdAt,
          ...(t.mediaKeys.length > 0 ? { attachments: { media_keys: t.mediaKeys } } : {}),
        })),
        meta: { result_count: Math.min(visible.length, 10) },
      },
    };
  }

  private newMedia(type: string, category: string, totalBytes: number): XMedia {
    const id = snowflake();
    const media: XMedia = {
      id,
      mediaKey: `${category === 'tweet_image' ? 3 : 7}_${id}`,
      category,
      type,
      totalBytes,
      segments: new Map(),
      state: 'uploading',
      statusChecks: 0,
    };
    this.media.set(id, media);
    return media;
  }

  private describe(media: XMedia): Record<string, unknown> {
    return {
      id: media.id,
      media_key: media.mediaKey,
      size: media.totalBytes,
      expires_after_secs: 86_400,
      ...(media.category === 'tweet_image'
        ? {}
        : {
            processing_info: {
              state: media.state,
              ...(media.state === 'succeeded' ? {} : { check_after_secs: 1 }),
            },
          }),
    };
  }
}
