import { randomInt } from 'node:crypto';
import {
  type FakeReply,
  PlatformServer,
  type ReceivedCall,
  type RouteHandler,
} from './platform-server';

type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

interface Container {
  id: string;
  owner: string;
  family: 'instagram' | 'threads';
  fields: Record<string, string>;
  status: ContainerStatus;
  checks: number;
}

export interface GraphPost {
  id: string;
  owner: string;
  /** Instagram `caption`, Threads `text`, Facebook `message` or video `description`. */
  text: string;
  kind: string;
  media: string[];
  permalink: string;
  createdAt: string;
}

const graphError = (
  status: number,
  code: number,
  message: string,
  subcode?: number,
  extra: object = {},
): FakeReply => ({
  status,
  body: {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode ? { error_subcode: subcode } : {}),
      fbtrace_id: 'AbCdEf',
      ...extra,
    },
  },
});
const newId = () => `17${randomInt(10 ** 9, 10 ** 10 - 1)}${randomInt(10 ** 5)}`;
/** Meta's time format: `2026-11-29T18:00:00+0000`. */
const graphTime = (date = new Date()) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');

/**
 * Meta's Graph APIs as documented, on one loopback server: Instagram content publishing and
 * Facebook Pages under `/{graphVersion}`, Threads under `/{threadsVersion}`. Containers go
 * IN_PROGRESS → FINISHED (after `checksUntilFinished` status reads) and PUBLISHED once published;
 * media URLs are fetched like Meta's crawler does (JPEG only for Instagram images). Tokens in
 * `access_token` are checked with `isLive`.
 */
export class FakeMetaGraph extends PlatformServer {
  posts: GraphPost[] = [];
  containers = new Map<string, Container>();
  checksUntilFinished = 1;
  /** Containers never leave IN_PROGRESS. */
  stuck = false;
  /** Every media URL fetched, with the Content-Type it answered. */
  fetched: { url: string; type: string | null; status: number }[] = [];
  igUsers = new Set(['17841000000000001', '17841000000000002', '17841000000000003']);
  pages = new Set(['1001', '1002']);
  threadsUsers = new Set(['threads-user-1']);

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
  }

  protected routes(): [string, RouteHandler][] {
    const g = `/${this.graphVersion}`;
    const t = `/${this.threadsVersion}`;
    const authed =
      (handler: RouteHandler): RouteHandler =>
      (call, params) => {
        const token = call.fields.access_token ?? call.query.access_token ?? '';
        return this.isLive(token)
          ? handler(call, params)
          : graphError(
              400,
              190,
              'Error validating access token: Session has expired on Sunday, 29-Nov-26 10:00:00 PST.',
              463,
            );
      };
    return [
      [
        `POST ${g}/:user/media`,
        authed((call, [user]) => this.createContainer(call, user, 'instagram')),
      ],
      [
        `POST ${g}/:user/media_publish`,
        authed((call, [user]) => this.publishContainer(call, user, 'instagram')),
      ],
      [`GET ${g}/:user/media`, authed((_c, [user]) => this.list(user, 'caption'))],
      [
        `POST ${t}/:user/threads`,
        authed((call, [user]) => this.createContainer(call, user, 'threads')),
      ],
      [
        `POST ${t}/:user/threads_publish`,
        authed((call, [user]) => this.publishContainer(call, user, 'threads')),
      ],
      [`GET ${t}/:user/threads`, authed((_c, [user]) => this.list(user, 'text'))],
      [`GET ${t}/:id`, authed((call, [id]) => this.read(call, id))],
      [`POST ${g}/:page/feed`, authed((call, [page]) => this.feed(call, page))],
      [
        `GET ${g}/:page/feed`,
        authed((_c, [page]) => this.list(page, 'message', (p) => p.kind !== 'video')),
      ],
      [`POST ${g}/:page/photos`, authed((call, [page]) => this.photo(call, page))],
      [`POST ${g}/:page/videos`, authed((call, [page]) => this.video(call, page))],
      [
        `GET ${g}/:page/videos`,
        authed((_c, [page]) => this.list(page, 'description', (p) => p.kind === 'video')),
      ],
      [`GET ${g}/:id`, authed((call, [id]) => this.read(call, id))],
    ];
  }

  private async createContainer(
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
    const type = f.media_type ?? (family === 'instagram' ? 'IMAGE' : '');
    if (type === 'CAROUSEL') {
      const children = (f.children ?? '').split(',').filter(Boolean);
      const max = family === 'instagram' ? 10 : 20;
      if (
        children.length < 2 ||
        children.length > max ||
        children.some((c) => this.containers.get(c)?.fields.is_carousel_item !== 'true')
      ) {
        return graphError(400, 9004, 'The carousel is invalid.', 2207028);
      }
    } else if (family === 'threads' && type === 'TEXT') {
      if (!f.text) {
        return graphError(400, 100, 'The parameter text is required.');
      }
    } else {
      const url = f.image_url ?? f.video_url;
      const video = ['VIDEO', 'REELS'].includes(type);
      if (!url || (video ? !f.video_url : !f.image_url)) {
        return graphError(400, 100, 'The parameter image_url or video_url is required.');
      }
      if (family === 'instagram' && !video && !f.is_carousel_item && type !== 'IMAGE') {
        return graphError(400, 100, 'Invalid parameter media_type.');
      }
      const fetched = await this.fetchMedia(url);
      if (!fetched.ok) {
        return graphError(400, 9004, 'The media could not be fetched from this URI.', 2207052);
      }
      if (family === 'instagram' && !video && fetched.type !== 'image/jpeg') {
        return graphError(400, 9004, 'Only photo or video can be accepted as media type.', 2207005);
      }
    }
    const text = f.caption ?? f.text ?? '';
    if (family === 'instagram' && [...text].length > 2200) {
      return graphError(400, 100, 'The caption is too long.', 2207010);
    }
    if (family === 'threads' && [...text].length > 500) {
      return graphError(400, 100, 'text must be at most 500 characters');
    }
    const container: Container = {
      id: newId(),
      owner: user,
      family,
      fields: f,
      status: 'IN_PROGRESS',
      checks: 0,
    };
    this.containers.set(container.id, container);
    return { status: 200, body: { id: container.id } };
  }

  private publishContainer(
    call: ReceivedCall,
    user: string,
    family: Container['family'],
  ): FakeReply {
    const container = this.containers.get(call.fields.creation_id ?? call.query.creation_id ?? '');
    if (!container || container.owner !== user || container.family !== family) {
      return graphError(400, 100, 'Invalid parameter creation_id.');
    }
    if (container.status === 'PUBLISHED') {
      return graphError(400, 9, 'The media has already been published.', 2207008);
    }
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
    this.posts.unshift({
      id,
      owner: user,
      text: container.fields.caption ?? container.fields.text ?? '',
      kind,
      media:
        children.length > 0
          ? children.map(
              (c) =>
                this.containers.get(c)!.fields.image_url ??
                this.containers.get(c)!.fields.video_url,
            )
          : [container.fields.image_url ?? container.fields.video_url ?? ''],
      permalink:
        family === 'instagram'
          ? `https://www.instagram.com/${kind === 'REELS' ? 'reel' : 'p'}/C${id.slice(-8)}/`
          : `https://www.threads.net/@threads.dev/post/C${id.slice(-8)}`,
      createdAt: graphTime(),
    });
    return { status: 200, body: { id } };
  }

  private feed(call: ReceivedCall, page: string): FakeReply {
    if (!this.pages.has(page)) {
      return graphError(
        400,
        100,
        `Unsupported post request. Object with ID '${page}' does not exist`,
        33,
      );
    }
    const message = call.fields.message ?? '';
    const attached = call.fields.attached_media
      ? (JSON.parse(call.fields.attached_media) as { media_fbid: string }[])
      : [];
    if (!message && attached.length === 0 && !call.fields.link) {
      return graphError(400, 100, 'Invalid parameter', 1349125);
    }
    const latest = this.posts.find((p) => p.owner === page);
    if (message && latest?.text === message) {
      return graphError(400, 506, 'Duplicate status message');
    }
    const photos = attached.map((a) =>
      this.posts.find((p) => p.id === a.media_fbid && p.kind === 'unpublished_photo'),
    );
    if (photos.some((p) => !p)) {
      return graphError(400, 100, 'Invalid parameter attached_media');
    }
    return {
      status: 200,
      body: {
        id: this.addPagePost(
          page,
          message,
          'feed',
          photos.map((p) => p!.media[0]),
        ).id,
      },
    };
  }

  private async photo(call: ReceivedCall, page: string): Promise<FakeReply> {
    const url = call.fields.url;
    if (!this.pages.has(page) || !url) {
      return graphError(400, 100, 'Invalid parameter');
    }
    if (!(await this.fetchMedia(url)).ok) {
      return graphError(400, 324, 'Missing or invalid image file');
    }
    if (call.fields.published === 'false') {
      const photo: GraphPost = {
        id: newId(),
        owner: `unpublished:${page}`,
        text: '',
        kind: 'unpublished_photo',
        media: [url],
        permalink: '',
        createdAt: graphTime(),
      };
      this.posts.push(photo);
      return { status: 200, body: { id: photo.id } };
    }
    const post = this.addPagePost(page, call.fields.message ?? '', 'photo', [url]);
    return { status: 200, body: { id: newId(), post_id: post.id } };
  }

  private async video(call: ReceivedCall, page: string): Promise<FakeReply> {
    const url = call.fields.file_url;
    if (!this.pages.has(page) || !url) {
      return graphError(400, 100, 'Invalid parameter');
    }
    if (!(await this.fetchMedia(url)).ok) {
      return graphError(
        400,
        390,
        'There was a problem uploading your video file. Please try again.',
        1363030,
      );
    }
    const id = newId();
    this.posts.unshift({
      id,
      owner: page,
      text: call.fields.description ?? '',
      kind: 'video',
      media: [url],
      permalink: `/${page}/videos/${id}/`,
      createdAt: graphTime(),
    });
    return { status: 200, body: { id } };
  }

  private read(call: ReceivedCall, id: string): FakeReply {
    const container = this.containers.get(id);
    if (container) {
      if (
        container.status === 'IN_PROGRESS' &&
        !this.stuck &&
        ++container.checks >= this.checksUntilFinished
      ) {
        container.status = 'FINISHED';
      }
      return container.family === 'instagram'
        ? {
            status: 200,
            body: {
              id,
              status_code: container.status,
              status: `${container.status[0]}${container.status.slice(1).toLowerCase()}`,
            },
          }
        : { status: 200, body: { id, status: container.status } };
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
    const items = this.posts.filter((p) => p.owner === owner && keep(p)).slice(0, 10);
    return {
      status: 200,
      body: {
        data: items.map((p) => ({
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

  private addPagePost(page: string, text: string, kind: string, media: string[]): GraphPost {
    const id = `${page}_${newId()}`;
    const post: GraphPost = {
      id,
      owner: page,
      text,
      kind,
      media,
      permalink: `https://www.facebook.com/${page}/posts/${id.split('_')[1]}`,
      createdAt: graphTime(),
    };
    this.posts.unshift(post);
    return post;
  }

  /** Meta fetches `image_url` / `video_url` itself: they must be public and answer 200. */
  private async fetchMedia(url: string): Promise<{ ok: boolean; type: string | null }> {
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
