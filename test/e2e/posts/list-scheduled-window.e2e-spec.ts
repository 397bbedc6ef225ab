import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const DAY_MS = 86_400_000;

/** GET /v1/posts?scheduledFrom&scheduledTo: the posts a calendar shows for the days it covers. */
describe('listing posts by their scheduled time', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;
  const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
  const list = (query: string, user = a) =>
    request(t.http).get(`/v1/posts?${query}`).set('soku-api-key', user.apiKey);

  beforeAll(async () => {
    t = await createTestApp();
    await t.reset();
    a = await createUser(t);
    b = await createUser(t);
    await addAccount(t, a.userId, 'x', 'x_main');
    await addAccount(t, b.userId, 'x', 'x_other');
  });
  afterAll(() => t.close());

  async function schedule(user: TestUser, days: number): Promise<string> {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: { content: { text: `in ${days} days`, platform: 'x' } },
        scheduledTime: at(days),
      })
      .expect(201);
    return res.body.postSubmissionId as string;
  }

  it('should list only the posts scheduled inside the window, newest first, paged', async () => {
    const inTwo = await schedule(a, 2);
    const inThree = await schedule(a, 3);
    const inFour = await schedule(a, 4);
    await schedule(a, 9);
    await schedule(b, 3);
    const window = `scheduledFrom=${at(1)}&scheduledTo=${at(5)}`;
    const all = await list(window).expect(200);
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([inFour, inThree, inTwo]);

    const first = await list(`${window}&limit=2`).expect(200);
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual([inFour, inThree]);
    const rest = await list(`${window}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(rest.body.data.map((p: { id: string }) => p.id)).toEqual([inTwo]);
    expect(rest.body.nextCursor).toBeNull();

    // Either end alone; the end is exclusive, the start inclusive.
    const from = await list(`scheduledFrom=${at(8)}`).expect(200);
    expect(from.body.data.map((p: { content: { text: string } }) => p.content.text)).toEqual([
      'in 9 days',
    ]);
    const { scheduledTime } = (
      await request(t.http).get(`/v1/posts/${inThree}`).set('soku-api-key', a.apiKey).expect(200)
    ).body as { scheduledTime: string };
    const upTo = await list(`scheduledTo=${scheduledTime}`).expect(200);
    expect(upTo.body.data.map((p: { id: string }) => p.id)).toEqual([inTwo]);
    const exactly = await list(`scheduledFrom=${scheduledTime}&scheduledTo=${at(4.5)}`).expect(200);
    expect(exactly.body.data.map((p: { id: string }) => p.id)).toEqual([inFour, inThree]);
  });

  it.each([
    ['scheduledFrom=tomorrow', 'query.scheduledFrom', 'Expected an ISO 8601 date-time'],
    ['scheduledTo=2026-13-01T00:00:00Z', 'query.scheduledTo', 'Expected an ISO 8601 date-time'],
    [
      'scheduledFrom=2026-02-01T00:00:00Z&scheduledTo=2026-01-01T00:00:00Z',
      'query.scheduledFrom',
      'scheduledFrom must be before scheduledTo',
    ],
    [
      'scheduledFrom=2026-02-01T00:00:00Z&scheduledTo=2026-02-01T00:00:00Z',
      'query.scheduledFrom',
      'scheduledFrom must be before scheduledTo',
    ],
  ])('should refuse ?%s with a 400 naming %s', async (query, field, message) => {
    const res = await list(query);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, message })]),
    );
  });
});
