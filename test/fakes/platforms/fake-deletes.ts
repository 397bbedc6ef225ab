import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A delete request as the fake received it: what the documentation says must be sent. */
export interface DeleteCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

interface Reply {
  status: number;
  body?: unknown;
}

export type DeletePlatform = 'x' | 'facebook' | 'threads' | 'linkedin' | 'youtube';

/**
 * The delete endpoints of the platforms that have one, on one loopback server (their paths do
 * not overlap, so every SOKU_<PLATFORM>_API_BASE can point here). Each platform holds the ids
 * it "published"; a delete removes one, an unknown id gets the platform's documented "not found".
 */
export class FakeDeletes {
  url = '';
  calls: DeleteCall[] = [];
  readonly posts = new Map<DeletePlatform, Set<string>>();
  private scripted: Reply[] = [];
  private lostAnswer?: () => Promise<void> | void;
  private server?: http.Server;

  constructor(
    private readonly token: string,
    private readonly versions: { graph: string; threads: string; linkedin: string },
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  publish(platform: DeletePlatform, id: string): void {
    this.posts.set(platform, (this.posts.get(platform) ?? new Set()).add(id));
  }

  /** The next request is answered `reply` and changes nothing (an outage, a throttle). */
  failNext(reply: Reply): void {
    this.scripted.push(reply);
  }

  /** The next request is carried out, `hook` runs (a test kills the caller), no answer is sent. */
  loseAnswerNext(hook: () => Promise<void> | void): void {
    this.lostAnswer = hook;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const call: DeleteCall = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    this.calls.push(call);
    const reply = this.scripted.shift() ?? this.route(call);
    const lost = this.lostAnswer;
    if (lost) {
      this.lostAnswer = undefined;
      void Promise.resolve(lost()).finally(() => res.socket?.destroy());
      return;
    }
    res.writeHead(reply.status, { 'Content-Type': 'application/json' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private route(call: DeleteCall): Reply {
    const [, first, second, third] = call.path.split('/');
    if (call.method !== 'DELETE') {
      return { status: 405 };
    }
    if (first === '2' && second === 'tweets' && third) {
      return this.x(call, decodeURIComponent(third));
    }
    if (first === 'rest' && second === 'posts' && third) {
      return this.linkedin(call, decodeURIComponent(third));
    }
    if (first === 'youtube' && second === 'v3' && third === 'videos') {
      return this.youtube(call);
    }
    if (first === this.versions.graph && second) {
      return this.graph('facebook', call, second);
    }
    if (first === this.versions.threads && second) {
      return this.graph('threads', call, second);
    }
    return { status: 404, body: { message: `No route ${call.method} ${call.path}` } };
  }

  private remove(platform: DeletePlatform, id: string): boolean {
    return this.posts.get(platform)?.delete(id) ?? false;
  }

  /**
   * https://docs.x.com/x-api/posts/delete-post ("Delete Post"): DELETE /2/tweets/{id} with an
   * OAuth 2.0 user token (Authorization: Bearer), answers `{"data":{"deleted":true}}`.
   */
  private x(call: DeleteCall, id: string): Reply {
    if (call.headers.authorization !== `Bearer ${this.token}`) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401 } };
    }
    if (!this.remove('x', id)) {
      return {
        status: 404,
        body: { title: 'Not Found Error', detail: `Could not find tweet with id: [${id}].` },
      };
    }
    return { status: 200, body: { data: { deleted: true } } };
  }

  /**
   * Facebook: https://developers.facebook.com/docs/graph-api/reference/post/ ("Deleting":
   * DELETE /{post-id}, `{"success": true}`) and .../reference/video/ ("Deleting": DELETE
   * /{video-id}). Threads: https://developers.facebook.com/docs/threads/posts/delete-posts
   * (DELETE /{threads-media-id}?access_token=…, `{"success": true, "deleted_id": …}`). An id
   * that does not exist: Graph error 100, subcode 33 ("Unsupported delete request").
   */
  private graph(platform: 'facebook' | 'threads', call: DeleteCall, id: string): Reply {
    if (call.query.access_token !== this.token) {
      return {
        status: 400,
        body: {
          error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
        },
      };
    }
    if (!this.remove(platform, id)) {
      return {
        status: 400,
        body: {
          error: {
            message: `Unsupported delete request. Object with ID '${id}' does not exist`,
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
          },
        },
      };
    }
    return {
      status: 200,
      body: platform === 'threads' ? { success: true, deleted_id: id } : { success: true },
    };
  }

  /**
   * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
   * ("Delete Posts"): DELETE /rest/posts/{encoded ugcPost or share urn} with LinkedIn-Version
   * and X-Restli-Protocol-Version: 2.0.0, answers 204 No Content.
   */
  private linkedin(call: DeleteCall, urn: string): Reply {
    if (call.headers.authorization !== `Bearer ${this.token}`) {
      return {
        status: 401,
        body: { status: 401, code: 'REVOKED_ACCESS_TOKEN', message: 'Unauthorized' },
      };
    }
    if (call.headers['linkedin-version'] !== this.versions.linkedin) {
      return {
        status: 426,
        body: {
          status: 426,
          code: 'NONEXISTENT_VERSION',
          message: 'Requested version is not active',
        },
      };
    }
    if (call.headers['x-restli-protocol-version'] !== '2.0.0') {
      return { status: 400, body: { status: 400, message: 'Rest.li protocol 2.0.0 required' } };
    }
    if (!this.remove('linkedin', urn)) {
      return {
        status: 404,
        body: { status: 404, code: 'NOT_FOUND', message: `Post ${urn} not found` },
      };
    }
    return { status: 204 };
  }

  /**
   * https://developers.google.com/youtube/v3/docs/videos/delete: DELETE /youtube/v3/videos?id=…
   * with OAuth (Bearer), 204 on success; errors "videoNotFound" (404) and "forbidden" (403).
   */
  private youtube(call: DeleteCall): Reply {
    if (call.headers.authorization !== `Bearer ${this.token}`) {
      return {
        status: 401,
        body: {
          error: { code: 401, message: 'Invalid Credentials', errors: [{ reason: 'authError' }] },
        },
      };
    }
    if (!call.query.id || !this.remove('youtube', call.query.id)) {
      return {
        status: 404,
        body: {
          error: { code: 404, message: 'Video not found', errors: [{ reason: 'videoNotFound' }] },
        },
      };
    }
    return { status: 204 };
  }
}
