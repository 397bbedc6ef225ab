import request from 'supertest';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * A post claims its media until it is done with them (DELETE /v1/media answers 409 meanwhile);
 * every way a post ends must give them back, or the media can never be deleted.
 */
describe('media claims are released however a post ends', () => {
  let t: TestApp;
  let user: TestUser;
  let origin: MediaOrigin;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    origin.serve('/a.jpg', jpeg(1080, 1080), { type: 'image/jpeg' });
    t = await createTestApp({ env: { SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
  });
  afterAll(async () => {
    await t.close();
    await origin.close();
  });

  const upload = async (): Promise<string> =>
    (
      await request(t.http)
        .post('/v1/media')
        .set('soku-api-key', user.apiKey)
        .send({ url: origin.url('/a.jpg') })
        .expect(201)
    ).body.id as string;
  const create = async (body: object): Promise<string> =>
    (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send(body)
        .expect(201)
    ).body.postSubmissionId as string;
  const deleteMedia = (id: string) =>
    request(t.http).delete(`/v1/media/${id}`).set('soku-api-key', user.apiKey);

  it('gives the media back when the post is cancelled', async () => {
    const media = await upload();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const id = await create({
      post: { content: { text: 'later', mediaIds: [media], platform: 'x' } },
      scheduledTime: inAnHour,
    });
    expect((await deleteMedia(media)).status).toBe(409);
    await request(t.http).delete(`/v1/posts/${id}`).set('soku-api-key', user.apiKey).expect(200);
    expect((await deleteMedia(media)).status).toBe(200);
  });

  it('gives them back when the run settling last has no media of its own', async () => {
    const media = await upload();
    // Only X's override shows the image; the Threads run is slowed down so it settles last.
    const id = await create({
      post: {
        content: {
          text: 'plain',
          platform: ['x', 'threads'],
          platformOverrides: {
            x: { mediaIds: [media] },
            threads: { text: 'plain #sandbox-delay-1500' },
          },
        },
      },
    });
    const post = await waitForPost(t, user.apiKey, id);
    expect(post.runs.map((run) => run.status).sort()).toEqual(['succeeded', 'succeeded']);
    expect((await deleteMedia(media)).status).toBe(200);
  });
});
