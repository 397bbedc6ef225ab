import { FacebookPagesFake } from './fake-facebook-pages';
import { refuseContainer } from './meta-container-rules';
import { type GraphPost, graphError, graphTime, newId } from './meta-graph-shared';
import { facebookInsightsRoutes } from './fake-facebook-insights';
import { metaInsightsRoutes } from './meta-insights-fake';
import { threadsReplyRoutes } from './fake-threads-replies';
import { metaCommentRoutes } from './fake-meta-comments';
import {
  type FakeReply,
  PlatformServer,
  type ReceivedCall,
  type RouteHandler,
} from './platform-server';

export type { GraphPost } from './meta-graph-shared';

/** The states of a container (META_DOCS.igContainer, "Fields": status_code). */
type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

interface Container {
  id: string;
  owner: string;
  family: 'instagram' | 'threads';
  fields: Record<string, string>;
  status: ContainerStatus;
  checks: number;
  /** The subcode an ERROR container reports in `status`. */
  errorSubcode?: number;
}

/**
 * Meta's Graph APIs as documented, on one loopback server: Instagram content publishing and
 * Facebook Pages under `/{graphVersion}`, Threads under `/{threadsVersion}`. Containers go
 * IN_PROGRESS → FINISHED (after `checksUntilFinished` status reads) and PUBLISHED once published;
 * media URLs are fetched like Meta's crawler does (JPEG only for Instagram images). Tokens in
 * `access_token` are checked with `isLive`. Test controls (not platform rules): `stuck`,
 * `failNextContainerWith`, `listingLag`.
 */
export class FakeMetaGraph extends PlatformServer {
  posts: GraphPost[] = [];
  containers = new Map<string, Container>();
  checksUntilFinished = 1;
  /** Containers never leave IN_PROGRESS. */
  stuck = false;
  /** The next container made ends in ERROR with this subcode in `status`. */
  failNextContainerWith?: number;
  /** The next N listings of an account's posts leave its newest one out (a lagging read). */
  listingLag = 0;
  /** Every media URL fetched, with the Content-Type it answered. */
  fetched: { url: string; type: string | null; status: number }[] = [];
  igUsers = new Set(['17841000000000001', '17841000000000002', '17841000000000003']);
  pages = new Set(['1001', '1002']);
  threadsUsers = new Set(['threads-user-1']);
  private readonly facebook = new FacebookPagesFake(this);

  constructor(
    private readonly isLive: (token: string) => boolean,
    private readonly graphVersion = 'v23.0',
    private readonly threadsVersion = 'v1.0',
  ) {
    super();
  }

  override reset(): void {
    super.reset();
    this.posts = [];
    this.containers.clear();
    this.fetched = [];
    this.stuck = false;
    this.checksUntilFinished = 1;
    this.failNextContainerWith = undefined;
    this.listingLag = 0;
  }

  protected routes(): [string, RouteHandler][] {
    const g = `/${this.graphVersion}`;
    const t = `/${this.threadsVersion}`;
    const authed =
      (handler: RouteHandler): RouteHandler =>
      (call, params) => {
        const token = call.fields.access_token ?? call.query.access_token ?? '';
        // An expired token: OAuthException 190, subcode 463 (META_DOCS.errors, "Access Token Errors").
        return this.isLive(token)
          ? handler(call, params)
          : graphError(
              400,
              190,
              'Error validating access token: Session has expired on Sunday, 29-Nov-26 10:00:00 PST.',
              463,
            );
      };
    const fb = this.facebook;
    return [
      [`POST ${g}/:user/media`, authed((c, [user]) => this.createContainer(c, user, 'instagram'))],
      [
        `POST ${g}/:user/media_publish`,
        authed((c, [user]) => this.publishContainer(c, user, 'instagram')),
      ],
      [`GET ${g}/:user/media`, authed((_c, [user]) => this.list(user, 'caption'))],
      ...threadsReplyRoutes(this, this.threadsVersion, authed),
      // Replies are listed apart, at /{user}/replies (fake-threads-replies.ts).
      [
        `GET ${t}/:user/threads`,
        authed((_c, [user]) => this.list(user, 'text', (p) => !p.repliedTo)),
      ],
      ...metaInsightsRoutes(this, this.graphVersion, this.threadsVersion, authed),
      [`GET ${t}/:id`, authed((call, [id]) => this.read(call, id))],
      [`POST ${g}/:page/feed`, authed((call, [page]) => fb.feed(call, page))],
      [
        `GET ${g}/:page/feed`,
        authed((_c, [page]) => this.list(page, 'message', (p) => p.kind !== 'video')),
      ],
      [`POST ${g}/:page/photos`, authed((call, [page]) => fb.photo(call, page))],
      [`POST ${g}/:page/videos`, authed((call, [page]) => fb.video(call, page))],
      [
        `GET ${g}/:page/videos`,
        authed((_c, [page]) => this.list(page, 'description', (p) => p.kind === 'video')),
      ],
      ...facebookInsightsRoutes(this, this.graphVersion, authed),
      [`GET ${g}/:id`, authed((call, [id]) => this.read(call, id))],
      ...metaCommentRoutes(this, this.graphVersion, authed),
    ];
  }

  async createContainer(
    call: ReceivedCall,
    user: string,
    family: Container['family'],
  ): Promise<FakeReply> {
    const users = family === 'instagram' ? this.igUsers : this.threadsUsers;
    if (!users.has(user)) {
      return graphError(
        400,
        100,
        `Unsupported post request. Object with ID '${user}' does not exist`,
        33,
      );
    }
    const f = { ...call.query, ...call.fields };
    const refusal = await refuseContainer(
      family,
      f,
      (id) => this.containers.get(id)?.fields,
      (url) => this.fetchMedia(url),
    );
    if (refusal) {
      return refusal;
    }
    const container: Container = {
      id: newId(),
      owner: user,
      family,
      fields: f,
      status: 'IN_PROGRESS',
      checks: 0,
      errorSubcode: this.failNextContainerWith,
    };
    this.failNextContainerWith = undefined;
    this.containers.set(container.id, container);
    return { status: 200, body: { id: container.id } };
  }

  publishContainer(call: ReceivedCall, user: string, family: Container['family']): FakeReply {
    const container = this.containers.get(call.fields.creation_id ?? call.query.creation_id ?? '');
    if (!container || container.owner !== user || container.family !== family) {
      return graphError(400, 100, 'Invalid parameter creation_id.');
    }
    // Publishing twice: subcode 2207008 as Meta answers it (not among the codes the stored copy
    // of META_DOCS.igErrors shows).
    if (container.status === 'PUBLISHED') {
      return graphError(400, 9, 'The media has already been published.', 2207008);
    }
    // Only a FINISHED container publishes (META_DOCS.igContainer, status_code FINISHED: "ready
    // to be published"); 9007/2207027 is the answer Meta gives before that.
    if (container.status !== 'FINISHED') {
      return graphError(
        400,
        9007,
        'Media ID is not available: the media is not ready for publishing, please wait for a moment',
        2207027,
      );
    }
    container.status = 'PUBLISHED';
    const id = newId();
    const kind = container.fields.media_type ?? 'IMAGE';
    const children = (container.fields.children ?? '').split(',').filter(Boolean);
    const itemUrl = (c: Container | undefined) => c?.fields.image_url ?? c?.fields.video_url ?? '';
    this.posts.unshift({
      id,
      owner: user,
      text: container.fields.caption ?? container.fields.text ?? '',
      kind,
      media:
        children.length > 0
          ? children.map((c) => itemUrl(this.containers.get(c)))
          : [itemUrl(container)],
      permalink:
        family === 'instagram'
          ? `https://www.instagram.com/${kind === 'REELS' ? 'reel' : 'p'}/C${id.slice(-8)}/`
          : `https://www.threads.net/@threads.dev/post/C${id.slice(-8)}`,
      createdAt: graphTime(),
    });
    return { status: 200, body: { id } };
  }

  private read(call: ReceivedCall, id: string): FakeReply {
    const container = this.containers.get(id);
    if (container) {
      if (container.status === 'IN_PROGRESS' && container.errorSubcode !== undefined) {
        container.status = 'ERROR';
      } else if (
        container.status === 'IN_PROGRESS' &&
        !this.stuck &&
        ++container.checks >= this.checksUntilFinished
      ) {
        container.status = 'FINISHED';
      }
      // Instagram: status_code, and `status`, which for an ERROR container "will be an error
      // subcode" (META_DOCS.igContainer, "Fields"). Threads: `status`, and `error_message` on
      // ERROR (META_DOCS.threadsTroubleshooting, "Publishing Does Not Return a Media ID").
      return container.family === 'instagram'
        ? {
            status: 200,
            body: {
              id,
              status_code: container.status,
              status:
                container.status === 'ERROR'
                  ? String(container.errorSubcode)
                  : `${container.status[0]}${container.status.slice(1).toLowerCase()}`,
            },
          }
        : {
            status: 200,
            body: {
              id,
              status: container.status,
              ...(container.status === 'ERROR' ? { error_message: 'UNKNOWN' } : {}),
            },
          };
    }
    const post = this.posts.find((p) => p.id === id);
    if (!post) {
      return graphError(
        400,
        100,
        `Unsupported get request. Object with ID '${id}' does not exist`,
        33,
      );
    }
    const field = (call.query.fields ?? '').includes('permalink_url')
      ? 'permalink_url'
      : 'permalink';
    return { status: 200, body: { id, [field]: post.permalink } };
  }

  private list(
    owner: string,
    textField: string,
    keep: (p: GraphPost) => boolean = () => true,
  ): FakeReply {
    let items = this.posts.filter((p) => p.owner === owner && keep(p));
    if (this.listingLag > 0) {
      this.listingLag--;
      items = items.slice(1);
    }
    return {
      status: 200,
      body: {
        data: items.slice(0, 10).map((p) => ({
          id: p.id,
          [textField]: p.text || undefined,
          permalink: p.permalink,
          permalink_url: p.permalink,
          timestamp: p.createdAt,
          created_time: p.createdAt,
        })),
        paging: { cursors: { before: 'b', after: 'a' } },
      },
    };
  }

  /** Meta fetches `image_url` / `video_url` itself: they must be public and answer 200. */
  async fetchMedia(url: string): Promise<{ ok: boolean; type: string | null }> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      const type = res.headers.get('content-type')?.split(';')[0] ?? null;
      this.fetched.push({ url, type, status: res.status });
      return { ok: res.ok, type };
    } catch {
      this.fetched.push({ url, type: null, status: 0 });
      return { ok: false, type: null };
    }
  }
}
