import { loadConfig } from '../../../src/config/soku-config';
import {
  DEFAULT_LINKEDIN_GRANT,
  linkedinComments,
} from '../../fakes/platforms/fake-linkedin-comments';
import { FakeLinkedin } from '../../fakes/platforms/linkedin-fake';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { FAST_PARTS_ENV, partFailedEvents, publishWithParts } from './comments-support';

const MEMBER = 'urn:li:person:li-sub-1';
const PAGE = 'urn:li:organization:5515715';

describe('LinkedIn first comments through the Comments API of a fake LinkedIn', () => {
  let t: TestApp;
  let linkedin: FakeLinkedin;
  let user: TestUser;

  beforeAll(async () => {
    linkedin = await new FakeLinkedin().start();
    t = await createTestApp({ env: { ...FAST_PARTS_ENV, SOKU_LINKEDIN_API_BASE: linkedin.url } });
  });
  beforeEach(async () => {
    await t.reset();
    linkedin.received.length = 0;
    linkedin.posts.length = 0;
    linkedinComments(linkedin).comments.length = 0;
    linkedinComments(linkedin).grants.clear();
    user = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await linkedin.stop();
  });

  const member = (token = 'valid-li') =>
    addAccount(t, user.userId, 'linkedin', 'li_member', {
      sandbox: false,
      accessToken: token,
      metadata: { personUrn: MEMBER },
    });
  const page = (token = 'valid-li') =>
    addAccount(t, user.userId, 'linkedin', 'li_page', {
      sandbox: false,
      accessToken: token,
      metadata: { personUrn: MEMBER, organizationUrn: PAGE },
    });

  it("comments as the member on the post's encoded URN with the versioned headers", async () => {
    await member();
    const run = await publishWithParts(
      t,
      user,
      { text: 'Launch day', platform: 'linkedin', firstComment: { text: 'Link (here): #1' } },
      1,
    );
    const post = linkedin.posts.at(-1)!;
    const [call] = linkedin.calls('POST', /\/comments$/);
    expect(call.path).toBe(`/rest/socialActions/${encodeURIComponent(post.id)}/comments`);
    expect(call.headers).toMatchObject({
      authorization: 'Bearer valid-li',
      'linkedin-version': loadConfig({}).platformApi.linkedinVersion,
      'x-restli-protocol-version': '2.0.0',
    });
    // The message is text with attributes, not little text: sent as written.
    expect(call.json).toEqual({
      actor: MEMBER,
      object: post.id,
      message: { text: 'Link (here): #1' },
    });
    const [comment] = linkedinComments(linkedin).comments;
    expect(run.partial).toBe(false);
    expect(run.parts).toEqual([
      expect.objectContaining({
        position: 1,
        kind: 'comment',
        status: 'succeeded',
        platformPostId: comment.commentUrn,
        url: `https://www.linkedin.com/feed/update/${post.id}?commentUrn=${encodeURIComponent(comment.commentUrn)}`,
      }),
    ]);
  });

  it('makes a thread under threadFallback first_comment, then the first comment, in order as the page', async () => {
    await page();
    const run = await publishWithParts(
      t,
      user,
      {
        text: 'Part 1',
        platform: 'linkedin',
        thread: [{ text: 'Part 2' }, { text: 'Part 3' }],
        threadFallback: 'first_comment',
        firstComment: { text: 'Sources: https://soku.example' },
      },
      3,
    );
    const post = linkedin.posts.at(-1)!;
    expect(post.author).toBe(PAGE);
    const comments = linkedinComments(linkedin).comments;
    expect(comments.map((c) => [c.actor, c.object, c.text])).toEqual([
      [PAGE, post.id, 'Part 2'],
      [PAGE, post.id, 'Part 3'],
      [PAGE, post.id, 'Sources: https://soku.example'],
    ]);
    expect(run.parts!.map((p) => [p.position, p.kind, p.status, p.platformPostId])).toEqual(
      comments.map((c, i) => [i + 1, 'comment', 'succeeded', c.commentUrn]),
    );
  });

  it("comments as the page a member's post names in options.linkedin (the README example)", async () => {
    await member();
    const run = await publishWithParts(
      t,
      user,
      {
        text: 'Our Q4 report is out',
        platform: 'linkedin',
        options: { linkedin: { organizationId: '5515715' } },
        firstComment: { text: 'Read it: https://soku.example/q4' },
      },
      1,
    );
    const [comment] = linkedinComments(linkedin).comments;
    expect(linkedin.posts.at(-1)!.author).toBe(PAGE);
    expect(comment).toMatchObject({ actor: PAGE, text: 'Read it: https://soku.example/q4' });
    expect(run.parts![0].status).toBe('succeeded');
  });

  it('fails the part clearly when the token may not comment as the page: run succeeded, partial, event', async () => {
    linkedinComments(linkedin).grants.set('valid-li-member-only', {
      ...DEFAULT_LINKEDIN_GRANT,
      scopes: ['openid', 'profile', 'w_member_social'],
    });
    await page('valid-li-member-only');
    const run = await publishWithParts(
      t,
      user,
      { text: 'Page post', platform: 'linkedin', firstComment: { text: 'Never made' } },
      1,
    );
    expect(run.status).toBe('succeeded');
    expect(run.partial).toBe(true);
    expect(run.parts![0]).toMatchObject({
      status: 'failed',
      error: { code: 'ACCESS_DENIED', message: expect.stringContaining('Not enough permissions') },
    });
    expect(linkedinComments(linkedin).comments).toHaveLength(0);
    const events = await partFailedEvents(t);
    expect(events.map((e) => e.data.partPosition)).toEqual([1]);
  });

  it("after a lost answer finds the page's comment in the post's comments and never sends it twice", async () => {
    await page();
    linkedinComments(linkedin).loseNextAnswer = true;
    const run = await publishWithParts(
      t,
      user,
      { text: 'Lost answer', platform: 'linkedin', firstComment: { text: 'Once only' } },
      1,
    );
    const comments = linkedinComments(linkedin).comments;
    expect(comments).toHaveLength(1);
    expect(linkedin.calls('POST', /\/comments$/)).toHaveLength(1);
    expect(linkedin.calls('GET', /\/comments$/).length).toBeGreaterThanOrEqual(1);
    expect(run.parts![0]).toMatchObject({
      status: 'succeeded',
      platformPostId: comments[0].commentUrn,
    });
  });

  it("fails a member's lost comment outcome_unknown: its comments cannot be read without r_member_social", async () => {
    await member();
    linkedinComments(linkedin).loseNextAnswer = true;
    const run = await publishWithParts(
      t,
      user,
      { text: 'Member lost answer', platform: 'linkedin', firstComment: { text: 'Maybe made' } },
      1,
    );
    expect(run.parts![0]).toMatchObject({ status: 'failed', error: { code: 'outcome_unknown' } });
    expect(linkedin.calls('POST', /\/comments$/)).toHaveLength(1);
    expect(linkedinComments(linkedin).comments).toHaveLength(1);
    expect(run.partial).toBe(true);
  });
});
