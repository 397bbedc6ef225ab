import type * as http from 'node:http';
import { youtubeCommentRoute } from './fake-youtube-comments';
import { FakePlatformServer, type Received, type Reply } from './recording-server';
import { youtubeVideosList } from './youtube-metrics-fake';

const UNIT = 256 * 1024;

interface Session {
  id: string;
  total: number;
  type: string;
  metadata: Record<string, unknown>;
  bytes: Buffer[];
  received: number;
  videoId?: string;
}

const googleError = (code: number, reason: string, message: string): Reply => ({
  status: code,
  json: { error: { code, message, errors: [{ message, domain: 'youtube.video', reason }] } },
});

/**
 * YouTube's resumable upload protocol: a session from POST …/videos?uploadType=resumable
 * (Location header), PUTs with Content-Range in 256 KiB multiples answered 308 + Range, the last
 * one 200 + the video resource, and `bytes * /total` status probes. Bytes that reached it before
 * a connection was cut are kept, as Google does.
 */
export class FakeYoutube extends FakePlatformServer {
  readonly sessions = new Map<string, Session>();
  /** The next session request answers this (quota errors). */
  failNextSession?: Reply;
  /** The next `bytes * /total` status probe answers this (a 503 while the worker resumes). */
  failNextProbe?: Reply;
  /** Videos on the channel besides the uploads (tests seed them for metric reads). */
  readonly seededVideos = new Set<string>();
  private next = 1;

  protected route(req: Received): Reply {
    const token = this.bearer(req);
    if (!token || !this.acceptsToken(token)) {
      return {
        status: 401,
        json: {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials.',
            errors: [{ reason: 'authError', domain: 'global', location: 'Authorization' }],
            status: 'UNAUTHENTICATED',
          },
        },
      };
    }
    const comments = youtubeCommentRoute(this, req, token, this.knownVideos());
    if (comments) {
      return comments;
    }
    if (req.method === 'GET' && req.path === '/youtube/v3/videos') {
      return youtubeVideosList(req, this.knownVideos());
    }
    if (req.path !== '/upload/youtube/v3/videos') {
      return googleError(404, 'notFound', 'Not found');
    }
    if (req.method === 'POST') {
      return this.startSession(req);
    }
    const session = this.sessions.get(req.query.get('upload_id') ?? '');
    if (req.method !== 'PUT' || !session) {
      return googleError(404, 'notFound', 'No such upload session');
    }
    return this.put(session, req);
  }

  /** The uploaded videos and the seeded ones. */
  knownVideos(): Set<string> {
    const uploaded = [...this.sessions.values()].map((session) => session.videoId ?? '');
    return new Set([...uploaded, ...this.seededVideos]);
  }

  private startSession(req: Received): Reply {
    const failure = this.failNextSession;
    this.failNextSession = undefined;
    if (failure) {
      return failure;
    }
    const q = req.query;
    const snippet = (req.json?.snippet ?? {}) as Record<string, unknown>;
    const total = Number(req.headers['x-upload-content-length']);
    const type = String(req.headers['x-upload-content-type'] ?? '');
    if (q.get('uploadType') !== 'resumable' || q.get('part') !== 'snippet,status') {
      return googleError(400, 'invalidParameter', 'uploadType=resumable&part=snippet,status');
    }
    if (!(total > 0) || !type.startsWith('video/')) {
      return googleError(400, 'invalidVideoMetadata', 'X-Upload-Content-Length/Type missing');
    }
    const title = snippet.title;
    // https://developers.google.com/youtube/v3/docs/videos#snippet.title: required, at most 100
    // characters, any valid UTF-8 except < and >; refused as badRequest (400) invalidTitle
    // (https://developers.google.com/youtube/v3/docs/videos/insert#errors).
    if (typeof title !== 'string' || title === '' || title.length > 100 || /[<>]/.test(title)) {
      return googleError(
        400,
        'invalidTitle',
        'The request metadata specifies an invalid video title.',
      );
    }
    // https://developers.google.com/youtube/v3/docs/videos#snippet.description: at most 5000
    // bytes, any valid UTF-8 except < and >; refused as badRequest (400) invalidDescription.
    const description = snippet.description ?? '';
    if (
      typeof description !== 'string' ||
      Buffer.byteLength(description) > 5000 ||
      /[<>]/.test(description)
    ) {
      return googleError(
        400,
        'invalidDescription',
        'The request metadata specifies an invalid video description.',
      );
    }
    const id = `up${this.next++}`;
    this.sessions.set(id, { id, total, type, metadata: req.json!, bytes: [], received: 0 });
    return {
      status: 200,
      headers: {
        Location: `${this.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${id}`,
      },
    };
  }

  private put(session: Session, req: Received): Reply {
    const range = String(req.headers['content-range'] ?? '');
    if (range === `bytes */${session.total}`) {
      const failure = this.failNextProbe;
      this.failNextProbe = undefined;
      return failure ?? this.statusOf(session);
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (!match) {
      return googleError(400, 'badContentRange', `Bad Content-Range ${range}`);
    }
    const [first, last, total] = match.slice(1).map(Number);
    const length = last - first + 1;
    const isLast = last === session.total - 1;
    if (
      total !== session.total ||
      first !== session.received ||
      req.body.length !== length ||
      (!isLast && length % UNIT !== 0)
    ) {
      return googleError(400, 'badContentRange', `Chunk ${range} does not continue the upload`);
    }
    this.keep(session, req.body);
    return this.statusOf(session);
  }

  protected override onCut(req: http.IncomingMessage, partial: Buffer): void {
    const id = new URL(req.url ?? '/', this.url).searchParams.get('upload_id') ?? '';
    const session = this.sessions.get(id);
    const match = /^bytes (\d+)-/.exec(String(req.headers['content-range'] ?? ''));
    if (session && match && Number(match[1]) === session.received) {
      this.keep(session, partial);
    }
  }

  private keep(session: Session, bytes: Buffer): void {
    session.bytes.push(bytes);
    session.received += bytes.length;
  }

  private statusOf(session: Session): Reply {
    if (session.received < session.total) {
      return {
        status: 308,
        headers: session.received > 0 ? { Range: `bytes=0-${session.received - 1}` } : {},
      };
    }
    session.videoId ??= `vid${session.id}XYZ`.padEnd(11, '0');
    const status = (session.metadata.status ?? {}) as Record<string, unknown>;
    return {
      status: 200,
      json: {
        kind: 'youtube#video',
        id: session.videoId,
        snippet: session.metadata.snippet,
        status: { uploadStatus: 'uploaded', privacyStatus: status.privacyStatus },
      },
    };
  }

  /** Every byte the session kept, in order. */
  video(sessionId: string): Buffer {
    return Buffer.concat(this.sessions.get(sessionId)?.bytes ?? []);
  }
}

export { googleError };
