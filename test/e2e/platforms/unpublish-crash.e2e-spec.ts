import request from 'supertest';
import { loadConfig } from '../../../src/config/soku-config';
import { FakeDeletes } from '../../fakes/platforms/fake-deletes';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost, type PostView } from '../../utils/posts';
import {
  killStray,
  sharingTestDatabase,
  spawnSoku,
  type SokuProcess,
} from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const TOKEN = 'x-user-token';

type Run = PostView['runs'][number] & { id: string; deletion?: { status: string } };

/**
 * A worker SIGKILLed right after X deleted the post, before it could record it: a second worker
 * takes the deletion over once the lease lapses, X answers 404, and the run reads `deleted`.
 */
describe('a worker killed during an X deletion', () => {
  let t: TestApp;
  let user: TestUser;
  let fake: FakeDeletes;
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    const versions = loadConfig({}).platformApi;
    fake = await new FakeDeletes(TOKEN, {
      graph: versions.metaGraphVersion,
      threads: versions.threadsVersion,
      linkedin: versions.linkedinVersion,
    }).start();
    const env = { SOKU_X_API_BASE: fake.url, SOKU_RECONCILE_INTERVAL_MS: '300' };
    // This app only takes requests: the spawned workers publish and delete.
    t = await createTestApp({ env: { ...env, SOKU_ROLE: 'api' } });
    workerEnv = {
      ...env,
      ...sharingTestDatabase(t.config.app.dataDir),
      SOKU_ROLE: 'all',
      SOKU_RUN_LEASE_MS: '1500',
      LOG_LEVEL: 'warn',
    };
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });
  afterEach(() => killStray());
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function runOf(id: string, done: (run: Run) => boolean, proc: SokuProcess) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const run = (await getPost(t, user.apiKey, id)).runs[0] as Run;
      if (done(run)) {
        return run;
      }
      if (Date.now() > deadline) {
        throw new Error(`run did not get there: ${JSON.stringify(run)}\n${proc.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('re-drives the deletion without a second deletion on X', async () => {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'Up, then down', platform: ['x'] } } })
      .expect(201);
    const id = res.body.postSubmissionId as string;
    const first = await spawnSoku(workerEnv);
    const run = await runOf(id, (r) => r.status === 'succeeded', first);
    // Published in the sandbox; the run now belongs to a real X account on the fake.
    const real = await addAccount(t, user.userId, 'x', 'x_real', {
      sandbox: false,
      accessToken: TOKEN,
    });
    await t.dataSource.query(`UPDATE post_runs SET integration_id = $2 WHERE id = $1`, [
      run.id,
      real.id,
    ]);
    fake.publish('x', run.platformPostId!);
    const killed = new Promise<void>((resolve) =>
      fake.loseAnswerNext(async () => {
        first.child.kill('SIGKILL');
        await first.exited;
        resolve();
      }),
    );
    await request(t.http)
      .delete(`/v1/posts/${id}/published`)
      .set('soku-api-key', user.apiKey)
      .expect(202);
    await killed;
    expect(fake.posts.get('x')?.has(run.platformPostId!)).toBe(false);
    expect((await getPost(t, user.apiKey, id)).runs[0]).toMatchObject({
      deletion: { status: 'pending' },
    });

    const second = await spawnSoku(workerEnv);
    const done = await runOf(id, (r) => r.deletion?.status !== 'pending', second);
    expect(done.deletion).toMatchObject({ status: 'deleted', error: null });
    const path = `/2/tweets/${run.platformPostId}`;
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `DELETE ${path}`,
      `DELETE ${path}`,
    ]);
  }, 120_000);
});
