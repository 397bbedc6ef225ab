import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { createUser, type TestUser } from '../../utils/identity';
import { decodePng, differingPixels, downscale } from '../../utils/png';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { fetchRendered, renderTemplate } from './templates-support';

const GOLDEN_DIR = path.join(__dirname, '../../golden');
/** Goldens are stored at a quarter of the size: small files, immune to anti-aliasing noise. */
const SCALE = 4;
/** A layout change moves whole blocks of text, far more than this share of pixels. */
const MAX_DIFFERING = 0.005;

const CASES: [string, object][] = [
  [
    'tweetImage-og',
    {
      templateSlug: 'tweetImage',
      config: {
        title: 'Big Announcement',
        author: 'Soku',
        handle: '@soku',
        content: 'We just launched our new product! 🚀 Now in 日本語, العربية and Ελληνικά.',
      },
    },
  ],
  [
    'tweetImage-9x16-dark',
    {
      templateSlug: 'tweetImage',
      config: {
        author: 'Soku',
        content: 'Portrait layouts give text more room. '.repeat(6),
        theme: 'dark',
      },
      aspectRatio: '9:16',
    },
  ],
  [
    'videoThumbnail-og',
    {
      templateSlug: 'videoThumbnail',
      config: { title: 'How we ship daily', subtitle: 'Episode 12' },
    },
  ],
  [
    'quoteCard-1x1',
    {
      templateSlug: 'quoteCard',
      config: {
        quote: 'Simplicity is prerequisite for reliability.',
        author: 'Edsger W. Dijkstra',
      },
      aspectRatio: '1:1',
    },
  ],
  [
    'announcement-4x5',
    {
      templateSlug: 'announcement',
      config: { title: 'Soku 2.0 is here', body: 'One request, eight platforms.', cta: 'soku.dev' },
      aspectRatio: '4:5',
    },
  ],
  [
    'ogArticle-og',
    {
      templateSlug: 'ogArticle',
      config: {
        title: 'Designing an API that publishes everywhere',
        description: 'What we learned.',
        siteName: 'Soku Blog',
        author: 'Ada',
        date: '12 Sep 2025',
      },
    },
  ],
];

/**
 * Layout regressions: each case is rendered and compared with its committed golden image.
 * `UPDATE_GOLDEN=1` rewrites the goldens after an intended change (look at them before committing).
 */
describe('template golden images', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    // More renders than the 20/min endpoint limit; the limits have their own suite.
    t = await createTestApp({ env: { SOKU_RATE_LIMIT_ENABLED: 'false' } });
    user = await createUser(t);
  });

  afterAll(() => t.close());

  it.each(CASES)('%s matches its golden image', async (name, body) => {
    const res = await renderTemplate(t, user, body);
    expect(res.status).toBe(200);
    const actual = downscale(decodePng(await fetchRendered(t, res.body.url)), SCALE);
    const file = path.join(GOLDEN_DIR, `${name}.png`);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(file, PNG.sync.write(actual));
    }
    const golden = PNG.sync.read(fs.readFileSync(file));
    expect([actual.width, actual.height]).toEqual([golden.width, golden.height]);
    expect(differingPixels(actual, golden)).toBeLessThan(MAX_DIFFERING);
  });
});
