import type { TestUser } from '../../utils/identity';
import {
  killStray,
  spawnSoku,
  type SokuProcess,
  sharingTestDatabase,
} from '../../utils/soku-process';
import { getPost, type PostView } from '../../utils/posts';
import {
  IG_USER,
  LIVE,
  METADATA,
  type PlatformHarness,
  realAccount,
  platformSuite,
} from './platform-harness';
import request from 'supertest';

const G = '/v23.0';

/**
 * A worker process SIGKILLed in the middle of an Instagram publish, then a second worker: the run
 * finishes from the saved container and what the platform says, and Instagram gets one post.
 */
describe('a worker killed during an Instagram publish', () => {
  const suite = platformSuite({ SOKU_ROLE: 'api' });
  let h: PlatformHarness;
  let user: TestUser;
  let workerEnv: Record<string, string>;

  beforeAll(() => {
    // This app only takes posts and serves the stored media: spawned workers publish.
    workerEnv = {
      ...(suite.h.env as Record<string, string>),
      ...sharingTestDatabase(suite.h.t.config.app.dataDir),
      SOKU_PUBLIC_URL: suite.h.t.config.app.publicUrl,
      SOKU_ROLE: 'all',
      SOKU_RUN_LEASE_MS: '1500',
      SOKU_RECONCILE_INTERVAL_MS: '300',
      LOG_LEVEL: 'warn',
    };
  });
  beforeEach(async () => {
    ({ h, user } = suite);
    await realAccount(h, user, 'instagram', 'ig_main', {
      accessToken: LIVE('page_1001'),
      metadata: METADATA.instagram(),
      platformAccountId: IG_USER,
    });
  });
  afterEach(() => killStray());

  async function postImage(text: string): Promise<string> {
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: { text, imageUrls: [h.origin.url('/photo.jpg')], platform: ['instagram'] },
        },
      })
      .expect(201);
    return res.body.postSubmissionId as string;
  }

  /** SIGKILLs `worker` when the fake receives `route` (after carrying the call out). */
  function killOn(route: string, worker: { proc?: SokuProcess }): Promise<void> {
    return new Promise((resolve) =>
      h.meta.onNext(route, async () => {
        worker.proc!.child.kill('SIGKILL');
        await worker.proc!.exited;
        resolve();
      }),
    );
  }

  async function settle(id: string, proc: SokuProcess): Promise<PostView> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const post = await getPost(h.t, user.apiKey, id);
      if (post.outcome !== 'pending') {
        return post;
      }
      if (Date.now() > deadline) {
        throw new Error(`post did not settle: ${JSON.stringify(post)}\n${proc.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('should resume from the saved container when killed before media_publish', async () => {
    const first: { proc?: SokuProcess } = {};
    const killed = killOn(`GET ${G}/:id`, first);
    const id = await postImage('Killed while polling');
    first.proc = await spawnSoku(workerEnv);
    await killed;
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(0);

    const second = await spawnSoku(workerEnv);
    const done = await settle(id, second);
    expect(done.runs[0].status).toBe('succeeded');
    expect(h.meta.callsTo(`POST ${G}/:user/media`)).toHaveLength(1);
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(1);
    expect(h.meta.posts).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.meta.posts[0].id);
  }, 120_000);

  it('should find the post, not publish again, when killed after media_publish was sent', async () => {
    const first: { proc?: SokuProcess } = {};
    const killed = killOn(`POST ${G}/:user/media_publish`, first);
    const id = await postImage('Killed while publishing');
    first.proc = await spawnSoku(workerEnv);
    await killed;
    expect(h.meta.posts).toHaveLength(1);

    const second = await spawnSoku(workerEnv);
    const done = await settle(id, second);
    expect(done.runs[0]).toMatchObject({
      status: 'succeeded',
      platformPostId: h.meta.posts[0].id,
      url: h.meta.posts[0].permalink,
    });
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(1);
    expect(h.meta.posts).toHaveLength(1);
  }, 120_000);
});
