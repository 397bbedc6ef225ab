import { linkedinCommentRoute } from './fake-linkedin-comments';
import { linkedinMetricsRoute } from './fake-linkedin-metrics';
import { linkedinVersionRefusal } from './linkedin-versions';
import { FakePlatformServer, type Received, type Reply } from './recording-server';

interface Video {
  urn: string;
  size: number;
  parts: { first: number; last: number; etag?: string; bytes?: Buffer }[];
  uploadToken: string;
  finalized: boolean;
  polls: number;
}

export interface LinkedinPost {
  id: string;
  author: string;
  commentary: string;
  body: Record<string, unknown>;
  createdAt: number;
}

const error = (
  status: number,
  code: string,
  message: string,
  serviceErrorCode?: number,
): Reply => ({
  status,
  json: { status, code, message, ...(serviceErrorCode ? { serviceErrorCode } : {}) },
});

/**
 * LinkedIn's versioned REST API as documented: every /rest call needs LinkedIn-Version and
 * X-Restli-Protocol-Version; images and videos go through initializeUpload, uploads to the given
 * URLs (video parts answer an ETag), finalizeUpload checks every ETag in order, the video is
 * PROCESSING for `processingPolls` reads, and /rest/posts answers 201 with x-restli-id or 422
 * DUPLICATE_POST for the same commentary by the same author.
 */
export class FakeLinkedin extends FakePlatformServer {
  /** Upload instructions split a video into parts of this many bytes (LinkedIn uses 4 MB). */
  partSize = 4 * 1024 * 1024;
  processingPolls = 1;
  readonly images = new Map<string, Buffer>();
  readonly videos = new Map<string, Video>();
  readonly posts: LinkedinPost[] = [];
  /** Test control: the next metrics reads answer these instead (a 429, a 5xx). */
  readonly metricsRefusals: Reply[] = [];
  /** The next POST /rest/posts is created, but its answer is a 504 (a lost answer). */
  loseNextPostAnswer = false;
  private next = 1;

  protected route(req: Received): Reply {
    const token = this.bearer(req);
    if (!token || !this.acceptsToken(token)) {
      return error(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
    }
    if (req.method === 'PUT' && req.path.startsWith('/dms-uploads/')) {
      return this.upload(req);
    }
    const versionRefusal = linkedinVersionRefusal(req.headers['linkedin-version']);
    if (versionRefusal) {
      return versionRefusal;
    }
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') {
      return error(400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 required');
    }
    const comments = linkedinCommentRoute(this, req, token);
    if (comments) {
      return comments;
    }
    const metrics = linkedinMetricsRoute(this, req, token);
    if (metrics) {
      return metrics;
    }
    const action = req.query.get('action');
    if (req.method === 'POST' && req.path === '/rest/images' && action === 'initializeUpload') {
      return this.initImage(req);
    }
    if (req.method === 'POST' && req.path === '/rest/videos' && action === 'initializeUpload') {
      return this.initVideo(req);
    }
    if (req.method === 'POST' && req.path === '/rest/videos' && action === 'finalizeUpload') {
      return this.finalize(req);
    }
    if (req.method === 'GET' && req.path.startsWith('/rest/videos/')) {
      return this.videoStatus(decodeURIComponent(req.path.slice('/rest/videos/'.length)));
    }
    if (req.method === 'POST' && req.path === '/rest/posts') {
      return this.createPost(req);
    }
    if (req.method === 'GET' && req.path === '/rest/posts' && req.query.get('q') === 'author') {
      const author = req.query.get('author');
      // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
      // ("Find Posts by Authors"): a member's posts need r_member_social, granted to few apps.
      if (author?.startsWith('urn:li:person:')) {
        return error(
          403,
          'ACCESS_DENIED',
          'Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20240101',
        );
      }
      return {
        status: 200,
        json: {
          elements: this.posts
            .filter((p) => p.author === author)
            .reverse()
            .map((p) => ({
              id: p.id,
              author: p.author,
              commentary: p.commentary,
              createdAt: p.createdAt,
            })),
        },
      };
    }
    return error(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`);
  }

  private initImage(req: Received): Reply {
    const owner = (req.json?.initializeUploadRequest as Record<string, unknown> | undefined)?.owner;
    if (typeof owner !== 'string' || !/^urn:li:(person|organization):/.test(owner)) {
      return error(400, 'ILLEGAL_ARGUMENT', 'owner must be a person or organization URN');
    }
    const n = this.next++;
    return {
      status: 200,
      json: {
        value: {
          uploadUrlExpiresAt: Date.now() + 3_600_000,
          uploadUrl: `${this.url}/dms-uploads/image/${n}`,
          image: `urn:li:image:C4E10AQ${n}`,
        },
      },
    };
  }

  private initVideo(req: Received): Reply {
    const init = (req.json?.initializeUploadRequest ?? {}) as Record<string, unknown>;
    const size = Number(init.fileSizeBytes);
    if (!(size > 0) || typeof init.owner !== 'string') {
      return error(400, 'ILLEGAL_ARGUMENT', 'owner and fileSizeBytes are required');
    }
    const n = this.next++;
    const urn = `urn:li:video:D4E10AQ${n}`;
    const parts: Video['parts'] = [];
    for (let first = 0; first < size; first += this.partSize) {
      parts.push({ first, last: Math.min(first + this.partSize, size) - 1 });
    }
    this.videos.set(urn, {
      urn,
      size,
      parts,
      uploadToken: `token-${n}`,
      finalized: false,
      polls: 0,
    });
    return {
      status: 200,
      json: {
        value: {
          uploadUrlsExpireAt: Date.now() + 3_600_000,
          video: urn,
          uploadInstructions: parts.map((p, i) => ({
            uploadUrl: `${this.url}/dms-uploads/video/${n}/part/${i}`,
            firstByte: p.first,
            lastByte: p.last,
          })),
          uploadToken: `token-${n}`,
        },
      },
    };
  }

  private upload(req: Received): Reply {
    const image = /^\/dms-uploads\/image\/(\d+)$/.exec(req.path);
    if (image) {
      this.images.set(`urn:li:image:C4E10AQ${image[1]}`, req.body);
      return { status: 201 };
    }
    const [, video, index] = /^\/dms-uploads\/video\/(\d+)\/part\/(\d+)$/.exec(req.path) ?? [];
    const slot = this.videos.get(`urn:li:video:D4E10AQ${video}`)?.parts[Number(index)];
    if (!slot || req.body.length !== slot.last - slot.first + 1) {
      return error(400, 'ILLEGAL_ARGUMENT', 'part of the wrong size');
    }
    slot.bytes = req.body;
    slot.etag = `/etag/${video}-${index}-${req.body.length}`;
    return { status: 200, headers: { ETag: slot.etag } };
  }

  private finalize(req: Received): Reply {
    const body = (req.json?.finalizeUploadRequest ?? {}) as Record<string, unknown>;
    const video = this.videos.get(String(body.video));
    if (
      !video ||
      body.uploadToken !== video.uploadToken ||
      JSON.stringify(body.uploadedPartIds) !== JSON.stringify(video.parts.map((p) => p.etag))
    ) {
      return error(400, 'ILLEGAL_ARGUMENT', 'uploadedPartIds must list every part ETag in order');
    }
    video.finalized = true;
    return { status: 200 };
  }

  private videoStatus(urn: string): Reply {
    const video = this.videos.get(urn);
    if (!video) {
      return error(404, 'NOT_FOUND', 'No such video');
    }
    const available = video.finalized && video.polls++ >= this.processingPolls;
    return {
      status: 200,
      json: {
        id: urn,
        status: available ? 'AVAILABLE' : video.finalized ? 'PROCESSING' : 'WAITING_UPLOAD',
      },
    };
  }

  private createPost(req: Received): Reply {
    const body = req.json ?? {};
    const distribution = body.distribution as Record<string, unknown> | undefined;
    if (
      typeof body.author !== 'string' ||
      typeof body.commentary !== 'string' ||
      body.lifecycleState !== 'PUBLISHED' ||
      distribution?.feedDistribution !== 'MAIN_FEED' ||
      !['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'].includes(String(body.visibility))
    ) {
      return error(400, 'ILLEGAL_ARGUMENT', 'Invalid post');
    }
    if ([...body.commentary].length > 3000) {
      return error(400, 'ILLEGAL_ARGUMENT', 'commentary is longer than 3000 characters');
    }
    const media = this.mediaIds(body.content as Record<string, unknown> | undefined);
    const unknown = media.find(
      (id) => !this.images.has(id) && this.videos.get(id)?.finalized !== true,
    );
    if (unknown) {
      return error(400, 'ILLEGAL_ARGUMENT', `Media ${unknown} is not uploaded`);
    }
    const duplicate = this.posts.find(
      (p) => p.author === body.author && p.commentary === body.commentary,
    );
    if (duplicate) {
      return error(422, 'DUPLICATE_POST', `Content is a duplicate of ${duplicate.id}`);
    }
    const post: LinkedinPost = {
      id: `urn:li:share:7${String(this.next++).padStart(18, '0')}`,
      author: body.author,
      commentary: body.commentary,
      body,
      createdAt: Date.now(),
    };
    this.posts.push(post);
    if (this.loseNextPostAnswer) {
      this.loseNextPostAnswer = false;
      return error(504, 'GATEWAY_TIMEOUT', 'Gateway timeout');
    }
    return { status: 201, headers: { 'x-restli-id': post.id } };
  }

  private mediaIds(content: Record<string, unknown> | undefined): string[] {
    const single = (content?.media as Record<string, unknown> | undefined)?.id;
    const multi = ((content?.multiImage as Record<string, unknown> | undefined)?.images ?? []) as {
      id: string;
    }[];
    return [...(typeof single === 'string' ? [single] : []), ...multi.map((i) => i.id)];
  }

  /** A video's bytes as the parts brought them. */
  video(urn: string): Buffer {
    return Buffer.concat(this.videos.get(urn)?.parts.map((p) => p.bytes ?? Buffer.alloc(0)) ?? []);
  }
}
