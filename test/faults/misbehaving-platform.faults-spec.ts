import request from 'supertest';
import { PLATFORM_CONNECTORS } from '../../src/modules/connectors/connector.registry';
import { startLoopbackTrap, type LoopbackTrap } from '../fakes/loopback-listener';
import {
  type Misbehaviour,
  type MisbehavingPlatform,
  startMisbehavingPlatform,
} from '../fakes/misbehaving-platform';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { waitForPost } from '../utils/posts';
import { createTestApp, type TestApp } from '../utils/test-app';
import { MisbehavingPlatformConnector } from './misbehaving-platform.connector';

/**
 * A platform that hangs, streams an endless body, answers malformed JSON, redirects, or goes
 * silent altogether. Each connector call is bounded to 40% of the run's lease (1 s here), so
 * every run ends, none is sent twice, and an unanswered create is settled by looking on the
 * platform, never by sending again blindly.
 */
describe('a misbehaving platform', () => {
  let platform: MisbehavingPlatform;
  let trap: LoopbackTrap;
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    platform = await startMisbehavingPlatform();
    trap = await startLoopbackTrap();
    platform.redirectTo = `http://127.0.0.1:${trap.port}/elsewhere`;
    t = await createTestApp({
      overrides: [
        {
          provide: PLATFORM_CONNECTORS,
          useValue: [new MisbehavingPlatformConnector(platform.url)],
        },
      ],
      env: {
        SOKU_RATE_LIMIT_ENABLED: 'false',
        SOKU_RUN_LEASE_MS: '2500',
        SOKU_PUBLISH_MAX_ATTEMPTS: '2',
        SOKU_RETRY_BASE_MS: '20',
        SOKU_RECONCILE_INTERVAL_MS: '300',
      },
    });
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_real', { sandbox: false, accessToken: 'token' });
  });

  beforeEach(() => {
    platform.posts.clear();
    platform.createCalls = 0;
    platform.abandoned = 0;
  });

  afterAll(async () => {
    await t?.close();
    await platform?.close();
    await trap?.close();
  });

  async function publishWith(mode: Misbehaviour) {
    platform.mode = mode;
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: `Platform in ${mode} mode`, platform: ['x'] } } })
      .expect(201);
    const post = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    return post.runs[0];
  }

  it.each<[Misbehaviour, string]>([
    ['hang', 'never answers the create call'],
    ['huge', 'streams an endless body'],
    ['malformed', 'answers truncated JSON'],
  ])(
    'should settle a run whose platform %s (%s) by looking, publishing it once',
    async (mode) => {
      const run = await publishWith(mode);
      expect(run.status).toBe('succeeded');
      expect(run.platformPostId).toBe('post-1');
      expect(platform.createCalls).toBe(1);
      expect(platform.posts.size).toBe(1);
      if (mode !== 'malformed') {
        // The deadline aborted the call: the platform saw the client go away.
        expect(platform.abandoned).toBeGreaterThanOrEqual(1);
      }
    },
    30_000,
  );

  it('should fail a redirected create call at once without following it', async () => {
    const run = await publishWith('redirect');
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('unexpected_redirect');
    expect(platform.createCalls).toBe(1);
    expect(trap.connections()).toBe(0);
  }, 30_000);

  it('should fail with outcome_unknown, never re-sending, when neither the create call nor the status check answers', async () => {
    const run = await publishWith('blackhole');
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('outcome_unknown');
    expect(platform.createCalls).toBe(1);
  }, 30_000);
});
