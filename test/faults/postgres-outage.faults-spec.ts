import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import {
  EmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/database/embedded/embedded-postgres';
import { addAccount } from '../utils/accounts';
import { expectEnvelope } from '../utils/assertions';
import { createUser, type TestUser } from '../utils/identity';
import { freePort } from '../utils/soku-process';
import { createTestApp, type TestApp } from '../utils/test-app';
import { expectAcceptedPublishedOnce, waitUntil } from './support';

const OUTAGE_MS = 10_000;
/** A request that takes longer than this while the database is down counts as hanging. */
const ANSWER_WITHIN_MS = 5_000;

/**
 * PostgreSQL stopped (`pg_ctl stop -m fast`) for 10 s under traffic, on a cluster of this suite's
 * own so no other suite loses its database.
 */
describe('PostgreSQL stopped for 10 seconds during requests', () => {
  let dir: string;
  let cluster: EmbeddedPostgres;
  let pg: EmbeddedPostgresHandle;
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-faults-pg-'));
    fs.chmodSync(dir, 0o755); // the cluster runs as the postgres OS user when we are root
    cluster = new EmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: 'soku_faults_test',
      ephemeral: true,
    });
    pg = await cluster.start();
    t = await createTestApp({
      databaseUrl: pg.url,
      env: {
        SOKU_MIGRATIONS_RUN: 'true',
        SOKU_RATE_LIMIT_ENABLED: 'false',
        SOKU_RECONCILE_INTERVAL_MS: '300',
        SOKU_RUN_LEASE_MS: '1500',
        SOKU_RETRY_BASE_MS: '20',
      },
    });
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
  });

  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const createPost = (text: string) =>
    request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .timeout(ANSWER_WITHIN_MS)
      .send({ post: { content: { text, platform: ['x', 'threads'] } } });

  it('should answer 503 envelopes while it is down, recover by itself, and lose or double no post', async () => {
    const accepted: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await createPost(`before the outage ${i}`).expect(201);
      accepted.push(res.body.postSubmissionId);
    }

    await pg.stop();
    const downUntil = Date.now() + OUTAGE_MS;
    const answers: request.Response[] = [];
    for (let i = 0; Date.now() < downUntil; i++) {
      answers.push(await createPost(`during the outage ${i}`));
      answers.push(
        await request(t.http)
          .get('/v1/posts')
          .set('soku-api-key', user.apiKey)
          .timeout(ANSWER_WITHIN_MS),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    pg = await cluster.start();

    expect(answers.length).toBeGreaterThan(10);
    for (const res of answers) {
      expectEnvelope(res, 503, 'service_unavailable');
      expect(res.body.error.message).toBe('The database is unavailable; try again shortly.');
      expect(res.headers['retry-after']).toBe('5');
    }

    // The pool reconnects by itself: no restart of Soku.
    await waitUntil(
      async () =>
        (await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey)).status === 200,
      'the API to answer again',
    );
    const after = await createPost('after the outage').expect(201);
    accepted.push(after.body.postSubmissionId);

    await expectAcceptedPublishedOnce(t.dataSource, accepted, 2);
  }, 120_000);
});
