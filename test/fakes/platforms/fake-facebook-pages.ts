import { type GraphPost, graphError, graphTime, newId } from './meta-graph-shared';
import type { FakeReply, ReceivedCall } from './platform-server';

/** What the Page handlers share with the Graph server they are mounted on. */
export interface PagesStore {
  posts: GraphPost[];
  pages: Set<string>;
  fetchMedia(url: string): Promise<{ ok: boolean; type: string | null }>;
}

const unknownObject = (id: string) =>
  graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist`, 33);

/**
 * Facebook Pages publishing (META_DOCS.pagesPosts, "Publish posts"): `/feed` with `message`,
 * `link` and `attached_media`, `/photos` (published or not), `/videos` from a `file_url`.
 */
export class FacebookPagesFake {
  constructor(private readonly store: PagesStore) {}

  feed(call: ReceivedCall, page: string): FakeReply {
    if (!this.store.pages.has(page)) {
      // Graph's answer for an id that is not an object the token can see (META_DOCS.errors,
      // "Error Codes": 100 invalid parameter); subcode 33 as Meta sends it, not on the page.
      return unknownObject(page);
    }
    const message = call.fields.message ?? '';
    const attached = call.fields.attached_media
      ? (JSON.parse(call.fields.attached_media) as { media_fbid: string }[])
      : [];
    // A post needs a message, a link or attached media (META_DOCS.pagesPosts, "Publish posts").
    if (!message && attached.length === 0 && !call.fields.link) {
      return graphError(400, 100, 'Invalid parameter', 1349125);
    }
    const latest = this.store.posts.find((p) => p.owner === page);
    // The same message twice in a row: 506 (META_DOCS.errors lists 506 "Duplicate Post"; the
    // body below is as Meta answers it, `(#506) Duplicate status message`).
    if (message && latest?.text === message) {
      return graphError(400, 506, '(#506) Duplicate status message');
    }
    const photos = attached.map((a) =>
      this.store.posts.find((p) => p.id === a.media_fbid && p.kind === 'unpublished_photo'),
    );
    // attached_media takes ids of photos uploaded with published=false (same page, "Publish
    // a post with multiple photos").
    if (photos.some((p) => !p)) {
      return graphError(400, 100, 'Invalid parameter attached_media');
    }
    const post = this.addPagePost(
      page,
      message,
      'feed',
      photos.map((p) => p!.media[0]),
    );
    return { status: 200, body: { id: post.id } };
  }

  async photo(call: ReceivedCall, page: string): Promise<FakeReply> {
    const url = call.fields.url;
    if (!this.store.pages.has(page) || !url) {
      return graphError(400, 100, 'Invalid parameter');
    }
    // Facebook downloads `url` itself: it must be public (Page Photos reference, "Creating").
    if (!(await this.store.fetchMedia(url)).ok) {
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
      this.store.posts.push(photo);
      return { status: 200, body: { id: photo.id } };
    }
    const post = this.addPagePost(page, call.fields.message ?? '', 'photo', [url]);
    // A published photo answers its photo id and the id of the post it made.
    return { status: 200, body: { id: newId(), post_id: post.id } };
  }

  async video(call: ReceivedCall, page: string): Promise<FakeReply> {
    const url = call.fields.file_url;
    if (!this.store.pages.has(page) || !url) {
      return graphError(400, 100, 'Invalid parameter');
    }
    // Video API "Upload from a URL": Facebook fetches `file_url`; a failed fetch is 390/1363030.
    if (!(await this.store.fetchMedia(url)).ok) {
      return graphError(
        400,
        390,
        'There was a problem uploading your video file. Please try again.',
        1363030,
      );
    }
    const id = newId();
    this.store.posts.unshift({
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

  /** Page post ids are `{page-id}_{post-id}` (META_DOCS.pagesPosts, "Publish posts", response). */
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
    this.store.posts.unshift(post);
    return post;
  }
}
