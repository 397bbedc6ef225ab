import { tiktokVideoQuery } from './tiktok-metrics-fake';
import { FakePlatformServer, type Received, type Reply } from './recording-server';

const MIB = 1024 * 1024;

interface Publish {
  id: string;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL' | 'PHOTO';
  videoSize: number;
  chunkSize: number;
  chunkCount: number;
  bytes: Buffer[];
  uploaded: number;
  polls: number;
  postInfo: Record<string, unknown>;
  /** The public id TikTok gives once it is published (not for SELF_ONLY posts). */
  postId: string;
}

const ok = (data: unknown): Reply => ({
  status: 200,
  json: { data, error: { code: 'ok', message: '', log_id: 'log-1' } },
});
const fail = (status: number, code: string, message: string): Reply => ({
  status,
  json: { error: { code, message, log_id: 'log-1' } },
});

/**
 * TikTok's Content Posting API as documented: creator_info, video init (FILE_UPLOAD chunk rules
 * enforced: 5–64 MB chunks, floor(size/chunk) chunks, the last taking the rest, sequential
 * Content-Range PUTs), photo init, and status/fetch moving PROCESSING_UPLOAD → PUBLISH_COMPLETE
 * after `processingPolls` polls.
 */
export class FakeTiktok extends FakePlatformServer {
  creatorInfo: Record<string, unknown> = {
    creator_avatar_url: 'https://p16.tiktokcdn.com/a.jpg',
    creator_username: 'ttcreator',
    creator_nickname: 'TT Creator',
    privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: true,
    max_video_post_duration_sec: 600,
  };
  /** status/fetch answers PROCESSING_UPLOAD this many times after the last byte. */
  processingPolls = 1;
  readonly publishes = new Map<string, Publish>();
  /**
   * Inits that posted content an earlier init already posted. TikTok documents no refusal of a
   * repeat (each photo or PULL_FROM_URL init is a post of its own), so the fake posts it too and
   * lists it here: a test asserts this stays empty.
   */
  readonly duplicates: string[] = [];
  /** The next photo or PULL_FROM_URL init is posted, but answered with this (a lost answer). */
  loseNextInitAnswer?: Reply;
  /** The next init is refused with this, and posts nothing (a 429 rate_limit_exceeded…). */
  refuseNextInit?: Reply;
  /** False: an app TikTok has not audited, which may only post SELF_ONLY. */
  audited = true;
  /** status/fetch calls per token, for TikTok's limit of 30 a minute. */
  readonly statusFetches = new Map<string, number[]>();
  private readonly initialised = new Set<string>();
  /** Public videos video/query finds, and tokens granted without `video.list` (tests seed both). */
  readonly videoIds = new Set<string>();
  readonly withoutVideoList = new Set<string>();
  private next = 1;

  protected route(req: Received): Reply {
    if (req.method === 'PUT' && req.path.startsWith('/upload/')) {
      return this.chunk(req);
    }
    const token = this.bearer(req);
    if (!token || !this.acceptsToken(token)) {
      return fail(
        401,
        'access_token_invalid',
        'The access token is invalid or not found in the request.',
      );
    }
    if (req.method !== 'POST' || !req.headers['content-type']?.startsWith('application/json')) {
      return fail(400, 'invalid_params', 'POST with a JSON body');
    }
    const refusal = req.path.endsWith('/init/') ? this.refuseNextInit : undefined;
    if (refusal) {
      this.refuseNextInit = undefined;
      return refusal;
    }
    switch (req.path) {
      case '/v2/post/publish/creator_info/query/':
        return ok(this.creatorInfo);
      case '/v2/post/publish/video/init/':
        return this.initVideo(req.json ?? {});
      case '/v2/post/publish/content/init/':
        return this.initPhotos(req.json ?? {});
      case '/v2/video/query/':
        return tiktokVideoQuery(req, this.videoIds, !this.withoutVideoList.has(token));
      case '/v2/post/publish/status/fetch/':
        return this.overStatusLimit(token) ?? this.status(String(req.json?.publish_id));
      default:
        return fail(404, 'invalid_params', 'unknown path');
    }
  }

  /**
   * https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status ("Rate
   * Limits"): 30 requests per minute per user access token; over it, 429 rate_limit_exceeded.
   */
  private overStatusLimit(token: string): Reply | null {
    const now = Date.now();
    const recent = (this.statusFetches.get(token) ?? []).filter((at) => now - at < 60_000);
    recent.push(now);
    this.statusFetches.set(token, recent);
    return recent.length > 30
      ? fail(429, 'rate_limit_exceeded', 'API rate limit was exceeded, please slow down')
      : null;
  }

  private checkPostInfo(info: Record<string, unknown>): Reply | null {
    // https://developers.tiktok.com/doc/content-sharing-guidelines ("Private Viewership"):
    // unaudited clients may only post SELF_ONLY; the Direct Post reference names the error.
    if (!this.audited && info.privacy_level !== 'SELF_ONLY') {
      return fail(
        403,
        'unaudited_client_can_only_post_to_private_accounts',
        'Please review our integration guidelines at https://developers.tiktok.com/doc/content-sharing-guidelines/',
      );
    }
    const options = this.creatorInfo.privacy_level_options as string[];
    if (!options.includes(String(info.privacy_level))) {
      return fail(
        400,
        'privacy_level_option_mismatch',
        'privacy_level is not among the creator options',
      );
    }
    return null;
  }

  private initVideo(body: Record<string, unknown>): Reply {
    const info = (body.post_info ?? {}) as Record<string, unknown>;
    const source = (body.source_info ?? {}) as Record<string, unknown>;
    const bad = this.checkPostInfo(info);
    if (bad) {
      return bad;
    }
    const id = `v_pub_file~v2-1.${this.next++}`;
    if (source.source === 'PULL_FROM_URL') {
      this.publishes.set(id, this.record(id, 'PULL_FROM_URL', info, 0, 0, 0));
      return this.answerPublishingInit(id, body);
    }
    const size = Number(source.video_size);
    const chunk = Number(source.chunk_size);
    const count = Number(source.total_chunk_count);
    const valid =
      source.source === 'FILE_UPLOAD' &&
      size > 0 &&
      (size < 5 * MIB ? chunk === size && count === 1 : chunk >= 5 * MIB && chunk <= 64 * MIB) &&
      count === Math.floor(size / chunk) &&
      count <= 1000 &&
      !(size > 64 * MIB && count === 1);
    if (!valid) {
      return fail(400, 'invalid_params', `bad source_info ${JSON.stringify(source)}`);
    }
    this.publishes.set(id, this.record(id, 'FILE_UPLOAD', info, size, chunk, count));
    return ok({
      publish_id: id,
      upload_url: `${this.url}/upload/?upload_id=${encodeURIComponent(id)}`,
    });
  }

  private initPhotos(body: Record<string, unknown>): Reply {
    const info = (body.post_info ?? {}) as Record<string, unknown>;
    const source = (body.source_info ?? {}) as Record<string, unknown>;
    const images = source.photo_images as unknown[];
    if (
      body.media_type !== 'PHOTO' ||
      source.source !== 'PULL_FROM_URL' ||
      !Array.isArray(images) ||
      images.length < 1 ||
      images.length > 35
    ) {
      return fail(400, 'invalid_params', 'bad photo init');
    }
    // https://developers.tiktok.com/doc/content-posting-api-reference-photo-post ("Request
    // Body"): title at most 90 characters, description at most 4,000.
    if (
      [...(typeof info.title === 'string' ? info.title : '')].length > 90 ||
      [...(typeof info.description === 'string' ? info.description : '')].length > 4000
    ) {
      return fail(400, 'invalid_params', 'title or description too long');
    }
    const bad = this.checkPostInfo(info);
    if (bad) {
      return bad;
    }
    const id = `p_pub_url~v2.${this.next++}`;
    this.publishes.set(id, this.record(id, 'PHOTO', info, 0, 0, 0));
    return this.answerPublishingInit(id, body);
  }

  /** An init whose post TikTok makes by itself, from the pulled media. */
  private answerPublishingInit(id: string, body: Record<string, unknown>): Reply {
    const content = JSON.stringify([body.post_info, body.source_info]);
    if (this.initialised.has(content)) {
      this.duplicates.push(id);
    }
    this.initialised.add(content);
    const lost = this.loseNextInitAnswer;
    this.loseNextInitAnswer = undefined;
    return lost ?? ok({ publish_id: id });
  }

  private chunk(req: Received): Reply {
    const publish = this.publishes.get(req.query.get('upload_id') ?? '');
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range']));
    if (!publish || !range || !String(req.headers['content-type']).startsWith('video/')) {
      return fail(400, 'invalid_params', 'bad upload');
    }
    const [first, last, total] = range.slice(1).map(Number);
    const index = publish.bytes.length;
    const expectedLast =
      index === publish.chunkCount - 1
        ? publish.videoSize - 1
        : (index + 1) * publish.chunkSize - 1;
    if (
      total !== publish.videoSize ||
      first !== publish.uploaded ||
      last !== expectedLast ||
      req.body.length !== last - first + 1
    ) {
      return fail(
        416,
        'invalid_params',
        `chunk ${first}-${last} out of order or of the wrong size`,
      );
    }
    publish.bytes.push(req.body);
    publish.uploaded = last + 1;
    return { status: publish.uploaded === publish.videoSize ? 201 : 206 };
  }

  private status(id: string): Reply {
    const publish = this.publishes.get(id);
    if (!publish) {
      return fail(400, 'invalid_publish_id', 'publish_id does not exist');
    }
    const waitingForBytes =
      publish.source === 'FILE_UPLOAD' && publish.uploaded < publish.videoSize;
    if (waitingForBytes || publish.polls < this.processingPolls) {
      if (!waitingForBytes) {
        publish.polls++;
      }
      return ok({
        status: publish.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
        uploaded_bytes: publish.uploaded,
      });
    }
    return ok({
      status: 'PUBLISH_COMPLETE',
      publicaly_available_post_id:
        publish.postInfo.privacy_level === 'SELF_ONLY' ? [] : [publish.postId],
      uploaded_bytes: publish.uploaded,
    });
  }

  /** The whole video as TikTok received it. */
  video(id: string): Buffer {
    return Buffer.concat(this.publishes.get(id)?.bytes ?? []);
  }

  private record(
    id: string,
    source: Publish['source'],
    postInfo: Record<string, unknown>,
    videoSize: number,
    chunkSize: number,
    chunkCount: number,
  ): Publish {
    return {
      id,
      source,
      videoSize,
      chunkSize,
      chunkCount,
      bytes: [],
      uploaded: 0,
      polls: 0,
      postInfo,
      postId: `7301${String(this.next).padStart(15, '0')}`,
    };
  }
}
