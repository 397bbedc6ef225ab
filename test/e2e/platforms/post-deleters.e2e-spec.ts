import { loadConfig } from '../../../src/config/soku-config';
import type { SokuConfig } from '../../../src/config/soku-config';
import { FacebookDeleter } from '../../../src/modules/connectors/facebook/facebook-deleter';
import { LinkedinDeleter } from '../../../src/modules/connectors/linkedin/linkedin-deleter';
import { PublishError } from '../../../src/modules/connectors/platform-connector';
import type { PostDeleter } from '../../../src/modules/connectors/post-deleter';
import { ThreadsDeleter } from '../../../src/modules/connectors/threads/threads-deleter';
import { XDeleter } from '../../../src/modules/connectors/x/x-deleter';
import { YoutubeDeleter } from '../../../src/modules/connectors/youtube/youtube-deleter';
import { DeleterRegistry } from '../../../src/modules/connectors/deletion/deleter.registry';
import type { SandboxDeleter } from '../../../src/modules/connectors/sandbox/sandbox-deleter';
import { type DeletePlatform, FakeDeletes } from '../../fakes/platforms/fake-deletes';

const TOKEN = 'delete-token';

describe('post deleters against the platforms’ documented delete endpoints', () => {
  let fake: FakeDeletes;
  let config: SokuConfig;
  let deleters: Record<DeletePlatform, PostDeleter>;

  beforeAll(async () => {
    const versions = loadConfig({}).platformApi;
    fake = await new FakeDeletes(TOKEN, {
      graph: versions.metaGraphVersion,
      threads: versions.threadsVersion,
      linkedin: versions.linkedinVersion,
    }).start();
    const bases = ['X', 'FACEBOOK', 'THREADS', 'LINKEDIN', 'YOUTUBE'].map((p) => [
      `SOKU_${p}_API_BASE`,
      fake.url,
    ]);
    config = loadConfig(Object.fromEntries(bases));
    deleters = {
      x: new XDeleter(config),
      facebook: new FacebookDeleter(config),
      threads: new ThreadsDeleter(config),
      linkedin: new LinkedinDeleter(config),
      youtube: new YoutubeDeleter(config),
    };
  });

  afterAll(() => fake.stop());

  beforeEach(() => {
    fake.calls = [];
  });

  const request = (platformPostId: string, accessToken: string | null = TOKEN) => ({
    platformPostId,
    accessToken,
    metadata: {},
  });

  it('X: DELETE /2/tweets/:id with the bearer token; a repeat finds it gone', async () => {
    fake.publish('x', '1850000000000000001');
    await expect(deleters.x.delete(request('1850000000000000001'))).resolves.toBe('deleted');
    expect(fake.calls[0]).toMatchObject({
      method: 'DELETE',
      path: '/2/tweets/1850000000000000001',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await expect(deleters.x.delete(request('1850000000000000001'))).resolves.toBe('already_gone');
  });

  it('Facebook: a Page post and a Page video by id with the Page token as access_token', async () => {
    fake.publish('facebook', '111_222');
    fake.publish('facebook', '333');
    await expect(deleters.facebook.delete(request('111_222'))).resolves.toBe('deleted');
    await expect(deleters.facebook.delete(request('333'))).resolves.toBe('deleted');
    const version = config.platformApi.metaGraphVersion;
    expect(fake.calls.map((c) => [c.method, c.path, c.query.access_token])).toEqual([
      ['DELETE', `/${version}/111_222`, TOKEN],
      ['DELETE', `/${version}/333`, TOKEN],
    ]);
    await expect(deleters.facebook.delete(request('333'))).resolves.toBe('already_gone');
  });

  it('Threads: DELETE /{threads-media-id} on the Threads version', async () => {
    fake.publish('threads', '1789');
    await expect(deleters.threads.delete(request('1789'))).resolves.toBe('deleted');
    expect(fake.calls[0].path).toBe(`/${config.platformApi.threadsVersion}/1789`);
    await expect(deleters.threads.delete(request('1789'))).resolves.toBe('already_gone');
  });

  it('LinkedIn: DELETE /rest/posts/{encoded urn} with the pinned LinkedIn-Version', async () => {
    fake.publish('linkedin', 'urn:li:share:7001');
    await expect(deleters.linkedin.delete(request('urn:li:share:7001'))).resolves.toBe('deleted');
    expect(fake.calls[0]).toMatchObject({
      method: 'DELETE',
      path: '/rest/posts/urn%3Ali%3Ashare%3A7001',
      headers: {
        'linkedin-version': config.platformApi.linkedinVersion,
        'x-restli-protocol-version': '2.0.0',
      },
    });
    await expect(deleters.linkedin.delete(request('urn:li:share:7001'))).resolves.toBe(
      'already_gone',
    );
  });

  it('YouTube: videos.delete by id; videoNotFound is already gone', async () => {
    fake.publish('youtube', 'dQw4w9WgXcQ');
    await expect(deleters.youtube.delete(request('dQw4w9WgXcQ'))).resolves.toBe('deleted');
    expect(fake.calls[0]).toMatchObject({
      method: 'DELETE',
      path: '/youtube/v3/videos',
      query: { id: 'dQw4w9WgXcQ' },
    });
    await expect(deleters.youtube.delete(request('dQw4w9WgXcQ'))).resolves.toBe('already_gone');
  });

  it.each(['x', 'facebook', 'threads', 'linkedin', 'youtube'] as const)(
    '%s: a rejected token is an auth failure (refresh once), a 5xx a retryable one',
    async (platform) => {
      const deleter = deleters[platform];
      fake.publish(platform, 'p-1');
      await expect(deleter.delete(request('p-1', 'stale'))).rejects.toMatchObject({
        kind: 'auth',
      });
      fake.failNext({ status: 503, body: {} });
      const outage = await deleter.delete(request('p-1')).catch((error: unknown) => error);
      expect(outage).toBeInstanceOf(PublishError);
      expect(outage).toMatchObject({ kind: 'retryable' });
      await expect(deleter.delete(request('p-1'))).resolves.toBe('deleted');
    },
  );

  it('has no deleter for Instagram, TikTok and Snapchat, and says why', () => {
    const registry = new DeleterRegistry(Object.values(deleters), {} as SandboxDeleter);
    for (const platform of ['instagram', 'tiktok', 'snapchat'] as const) {
      expect(registry.get(platform, false)).toBeNull();
      expect(registry.unsupportedReason(platform)).toMatch(/API has no endpoint to delete/);
    }
    expect(registry.get('x', false)).toBe(deleters.x);
    expect(registry.unsupportedReason('youtube')).toBeNull();
  });
});
