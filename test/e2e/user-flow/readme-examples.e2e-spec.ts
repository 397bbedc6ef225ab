import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';
import { startFreshSoku, type FreshSoku } from '../../utils/fresh-soku';
import { readmeCurlExamples, type CurlExample } from '../../utils/readme-curl';
import { keysIn, SokuCaller, sokuUrlsIn, type PostAnswer } from '../../utils/soku-answers';
import {
  csvFromReadme,
  csvRecord,
  exportColumns,
  localMedia,
  onSchedule,
  type SentPost,
} from './readme-example-inputs';
import { expectRecorded, expectReposted, type AutomationRun } from './readme-example-outcomes';

const README = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
const EXAMPLES = readmeCurlExamples(README);
const routeOf = (example: CurlExample) => `${example.method} ${example.route}`;
/** `posts` → `post`, `POST` → `post`; `media` stays. */
const singular = (name: string) => name.toLowerCase().replace(/(?<!^medi)s$/, '');

/** The statuses the README gives these routes; an example of any other route must answer 2xx. */
const DOCUMENTED_STATUS: Record<string, number> = {
  'POST /v1/posts': 201,
  'PATCH /v1/posts/:id': 200,
  'DELETE /v1/posts/:id/published': 202,
  'POST /v1/posts/bulk': 200,
  'GET /v1/posts/export': 200,
  'POST /v1/automations': 201,
};

/** "Instagram, TikTok and Snapchat have no delete endpoint" (Deleting a published post). */
const NO_DELETE_ENDPOINT = ['instagram', 'tiktok', 'snapchat'];

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

/**
 * The README's own curl examples, read from README.md and run as written against `npm start` in
 * a fresh folder (the demo key, the demo's sandbox accounts), so an example edited into one that
 * fails fails here. Example media hosts (example.com, cdn.example…) are a local origin let
 * through by SOKU_MEDIA_ALLOWED_HOSTS; metrics are read a second after publishing
 * (SOKU_METRICS_SCHEDULE) so the analytics examples have figures to show.
 */
describe('the README examples, run as written on a fresh npm start', () => {
  let origin: MediaOrigin;
  let fresh: FreshSoku;
  let soku: SokuCaller;
  /** Ids earlier steps made, by resource (`media`, `automation`…), for `$MEDIA_ID` and the like. */
  const made: Record<string, string> = {};
  const published: string[] = [];
  let scheduledPostId: string;
  let automationAction: { type: string; textTemplate?: string };
  /** Run URLs of posts deleted from the networks: they no longer open. */
  const deleted = new Set<string>();

  function valueOf(name: string, example: CurlExample): string {
    if (name === 'SOKU') {
      return fresh.baseUrl;
    }
    if (name === 'KEY') {
      return fresh.apiKey;
    }
    if (fresh.printedEnv[name]) {
      return fresh.printedEnv[name];
    }
    // `$ID` is the id of the collection before it in the path (`/v1/posts/$ID`).
    const segments = example.route.split('/');
    const resource = singular(
      name === 'ID' ? segments[segments.indexOf(':id') - 1] : name.replace(/_ID$/, ''),
    );
    // Editing needs a post still scheduled, and its history shows the edit; everything else
    // about a post needs one published.
    const edited = example.method === 'PATCH' || example.route.endsWith('/events');
    const value =
      resource === 'post' ? (edited ? scheduledPostId : published.at(-1)) : made[resource];
    if (!value) {
      throw new Error(`README line ${example.line}: no earlier step gives $${name}`);
    }
    return value;
  }

  async function send(
    example: CurlExample,
  ): Promise<{ answer: Answer; sent: unknown; caller: SokuCaller }> {
    const request = example.render((name) => valueOf(name, example));
    const written = new URL(
      /^https?:\/\//.test(request.url) ? request.url : `http://${request.url}`,
    );
    const headers = { ...request.headers };
    let body: string | Buffer | undefined = request.data;
    let sent: unknown;
    if (body?.startsWith('@')) {
      body = fs.readFileSync(path.join(fresh.scratch, body.slice(1)));
    } else if (body !== undefined) {
      // What curl sends with -d when no type is given: a JSON example without its header fails.
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      if (headers['content-type'].includes('json')) {
        sent = onSchedule(localMedia(JSON.parse(body), origin));
        body = JSON.stringify(sent);
      }
    }
    const res = await fetch(`${fresh.baseUrl}${written.pathname}${written.search}`, {
      method: request.method,
      headers,
      body,
    });
    const text = await res.text();
    const json = /json/.test(res.headers.get('content-type') ?? '');
    const parsed = (json ? JSON.parse(text) : {}) as Record<string, unknown>;
    const profile = headers['soku-profile'];
    return {
      answer: { status: res.status, headers: res.headers, text, body: parsed },
      sent,
      caller: profile ? soku.inProfile(profile) : soku,
    };
  }

  /**
   * A created post reaches its documented outcome, and everything it links to opens. Read in
   * its profile by `caller`; only the default profile's posts are the `$POST_ID`s of later steps.
   */
  async function expectPublished(id: string, sent?: SentPost, caller = soku): Promise<PostAnswer> {
    const post = await caller.settledPost(id);
    expect(post.runs.map((run) => [run.platform, run.status, run.error])).toEqual(
      post.runs.map((run) => [run.platform, 'succeeded', null]),
    );
    expect(post.outcome).toBe('succeeded');
    await expectRecorded(caller, post, sent);
    await caller.expectServed(sokuUrlsIn(post, fresh.soku.port), deleted);
    if (caller === soku) {
      published.push(id);
    }
    return post;
  }

  const outcomes: Record<
    string,
    (answer: Answer, sent: unknown, caller: SokuCaller) => Promise<void>
  > = {
    'POST /v1/posts': async ({ body }, sent, caller) => {
      await expectPublished(body.postSubmissionId as string, sent as SentPost, caller);
    },
    'PATCH /v1/posts/:id': async ({ body }, sent) => {
      const edit = sent as SentPost & { scheduledTime: string };
      const stored = (await soku.get(`/v1/posts/${body.id as string}`)).body;
      for (const post of [body, stored]) {
        expect(post.content).toMatchObject(edit.post?.content ?? {});
        expect(new Date(post.scheduledTime as string)).toEqual(new Date(edit.scheduledTime));
      }
    },
    'DELETE /v1/posts/:id/published': async ({ body }) => {
      const post = await soku.settledPost(body.id as string);
      expect(post.runs.map((run) => [run.platform, run.deletion?.status])).toEqual(
        post.runs.map((run) => [
          run.platform,
          NO_DELETE_ENDPOINT.includes(run.platform) ? 'unsupported' : 'deleted',
        ]),
      );
      sokuUrlsIn(post.runs, fresh.soku.port).forEach((url) => deleted.add(url.split('#')[0]));
      published.splice(published.indexOf(post.id), 1);
    },
    'POST /v1/posts/bulk': async ({ body }) => {
      const results = body.results as { status: string; postId: string; error?: unknown }[];
      expect(results.map((row) => [row.status, row.error])).toEqual(
        results.map(() => ['created', undefined]),
      );
      for (const { postId } of results) {
        const post = (await soku.get(`/v1/posts/${postId}`)).body as unknown as PostAnswer;
        if (new Date(post.scheduledTime).getTime() > Date.now() + 60_000) {
          expect(post.outcome).toBe('pending');
        } else {
          await expectPublished(postId);
        }
      }
    },
    'GET /v1/posts/export': async ({ headers, text }) => {
      expect(headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
      expect(headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parse<Record<string, string>>(text, { columns: true, bom: true });
      expect(Object.keys(rows[0]).sort()).toEqual(exportColumns(README).sort());
      expect(rows.map((row) => row.postId)).toEqual(expect.arrayContaining(published));
      const urls = rows.flatMap((row) => row.urls.split('|').filter(Boolean));
      await soku.expectServed(urls, deleted);
      // "so it imports again as it is (…; change or clear a past `scheduledTime` first)".
      const header = Object.keys(rows[0]);
      const past = (at: string) => at !== '' && new Date(at).getTime() < Date.now() + 60_000;
      const cleared: Record<string, string>[] = rows.map((row) => ({
        ...row,
        scheduledTime: past(row.scheduledTime) ? '' : row.scheduledTime,
      }));
      const file = [header, ...cleared.map((row) => header.map((column) => row[column]))];
      const again = await fetch(`${fresh.baseUrl}/v1/posts/bulk`, {
        method: 'POST',
        headers: { 'soku-api-key': fresh.apiKey, 'content-type': 'text/csv' },
        body: file.map(csvRecord).join('\r\n'),
      });
      const { results } = (await again.json()) as { results: { status: string }[] };
      expect([again.status, results.map((row) => row.status)]).toEqual([
        200,
        rows.map(() => 'created'),
      ]);
    },
    'GET /v1/posts/:id/analytics': async ({ body }) => {
      const route = `/v1/posts/${body.postId as string}/analytics`;
      const read = await soku.until<{ runs: { latest: unknown }[] }>(route, (analytics) =>
        analytics.runs.every((run) => run.latest !== null),
      );
      expect(read.runs.length).toBeGreaterThan(0);
    },
    'POST /v1/automations': (_answer, sent) => {
      automationAction = (sent as { action: typeof automationAction }).action;
      return Promise.resolve();
    },
    'GET /v1/automations/:id/runs': async () => {
      const route = `/v1/automations/${made.automation}/runs`;
      const runs = await soku.until<{ data: AutomationRun[] }>(
        route,
        (page) => page.data.length > 0 && page.data.every((run) => run.status !== 'pending'),
      );
      expect(runs.data.map((run) => run.status)).toEqual(runs.data.map(() => 'succeeded'));
      for (const run of runs.data) {
        await expectPublished(run.submissionId);
        await expectReposted(soku, run, automationAction);
      }
    },
  };

  beforeAll(async () => {
    origin = await startMediaOrigin();
    fresh = await startFreshSoku({
      SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      SOKU_METRICS_SCHEDULE: '1s',
      SOKU_METRICS_PASS_INTERVAL_MS: '500',
    });
    soku = new SokuCaller(fresh.baseUrl, fresh.apiKey);
    fs.writeFileSync(path.join(fresh.scratch, 'posts.csv'), csvFromReadme(README, origin));
    // What the examples take as given: an uploaded image ($MEDIA_ID), a post scheduled for later.
    origin.serve('/upload.jpg', jpeg(1080, 1080));
    const media = await soku.call('POST', '/v1/media', { url: origin.url('/upload.jpg') });
    made.media = media.body.id as string;
    const later = await soku.call('POST', '/v1/posts', {
      post: { content: { text: 'On the calendar', platform: ['x'] } },
      scheduledTime: new Date(Date.now() + 86_400_000).toISOString(),
    });
    scheduledPostId = later.body.postSubmissionId as string;
  });

  afterAll(async () => {
    await fresh?.stop();
    await origin?.close();
  });

  it('finds an example of each second-wave feature the README describes', () => {
    expect(EXAMPLES.map(routeOf)).toEqual(
      expect.arrayContaining([
        'POST /v1/posts',
        'PATCH /v1/posts/:id',
        'DELETE /v1/posts/:id/published',
        'POST /v1/posts/bulk',
        'GET /v1/posts/export',
        'GET /v1/posts/:id/analytics',
        'GET /v1/analytics',
        'POST /v1/automations',
      ]),
    );
  });

  it.each(EXAMPLES)('README line $line: $method $route answers as documented', async (example) => {
    const { answer, sent, caller } = await send(example);
    const { line, source } = example;
    const want = DOCUMENTED_STATUS[routeOf(example)];
    const ok = want ? answer.status === want : answer.status < 300;
    expect({
      line,
      source,
      status: answer.status,
      answer: ok ? 'as documented' : answer.text,
    }).toEqual({ line, source, status: want ?? answer.status, answer: 'as documented' });
    await outcomes[routeOf(example)]?.(answer, sent, caller);
    // What it made is `$<NAME>_ID` for the examples after it (POST /v1/webhooks: $WEBHOOK_ID).
    if (example.method === 'POST' && answer.status === 201 && typeof answer.body.id === 'string') {
      made[singular(example.route.split('/').pop()!)] = answer.body.id;
    }
    // The answer the README shows, read again once the outcome above is reached.
    if (example.answerKeys.length > 0 && example.method === 'GET') {
      const again = await send(example);
      expect(example.answerKeys.filter((key) => !keysIn(again.answer.body).has(key))).toEqual([]);
    }
    await caller.expectServed(sokuUrlsIn(answer.body, fresh.soku.port), deleted);
  });
});
