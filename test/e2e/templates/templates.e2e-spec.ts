import { decode as decodeJpeg } from 'jpeg-js';
import request from 'supertest';
import { RenderPool } from '../../../src/modules/templates/render/render-pool';
import { startFakeDns, type FakeDnsServer } from '../../fakes/fake-dns-server';
import { startLoopbackTrap, type LoopbackTrap } from '../../fakes/loopback-listener';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { png as headerOnlyPng } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope, UUID } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { decodePng, solidPng } from '../../utils/png';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { fetchRendered, renderTemplate, SIZES } from './templates-support';

const SLUGS = ['tweetImage', 'videoThumbnail', 'quoteCard', 'announcement', 'ogArticle'];

describe('POST /v1/templates', () => {
  let t: TestApp;
  let user: TestUser;
  let origin: MediaOrigin;
  let trap: LoopbackTrap;
  let dns: FakeDnsServer;
  let examples: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    trap = await startLoopbackTrap();
    dns = await startFakeDns({ 'localhost.test': ['127.0.0.1'] });
    t = await createTestApp({
      env: {
        // The fake origin is on loopback: only its name is allow-listed, never loopback itself.
        SOKU_MEDIA_DNS_SERVERS: dns.address,
        SOKU_MEDIA_ALLOWED_HOSTS: 'localhost.test',
        SOKU_TEMPLATES_IMAGE_MAX_BYTES: '65536',
        SOKU_TEMPLATES_RENDER_THREADS: '2',
        // This suite renders far more than 20 images a minute; the limits have their own suite.
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
    user = await createUser(t);
    const catalog = await request(t.http).get('/v1/templates').set('soku-api-key', user.apiKey);
    examples = Object.fromEntries(
      (catalog.body.templates as { slug: string; example: Record<string, unknown> }[]).map(
        (entry) => [entry.slug, entry.example],
      ),
    );
    origin.serve('/avatar.png', solidPng(64, 64, [220, 40, 40]), { type: 'image/png' });
    origin.serve('/avatar.jpg-but-text', Buffer.from('<html>not an image</html>'), {
      type: 'image/png',
    });
    origin.serve('/corrupt.png', headerOnlyPng(64, 64), { type: 'image/png' });
    origin.serve('/huge.png', Buffer.alloc(70_000, 1), { type: 'image/png' });
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([origin.close(), trap.close(), dns.close()]);
  });

  afterEach(() => jest.restoreAllMocks());

  describe.each(SLUGS)('%s', (slug) => {
    it.each(SIZES)(
      'renders a valid $width×$height PNG (aspectRatio $aspectRatio)',
      async ({ aspectRatio, width, height }) => {
        const res = await renderTemplate(t, user, {
          templateSlug: slug,
          config: examples[slug],
          ...(aspectRatio ? { aspectRatio } : {}),
        });
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['id', 'url']);
        expect(res.body.id).toMatch(UUID);
        expect(res.body.url).toMatch(new RegExp(`/media/${res.body.id}\\.png$`));
        const image = decodePng(await fetchRendered(t, res.body.url));
        expect([image.width, image.height]).toEqual([width, height]);
      },
    );
  });

  describe('format jpeg', () => {
    it.each(SIZES)(
      'renders a valid $width×$height JPEG (aspectRatio $aspectRatio)',
      async ({ aspectRatio, width, height }) => {
        const res = await renderTemplate(t, user, {
          templateSlug: 'videoThumbnail',
          config: examples.videoThumbnail,
          format: 'jpeg',
          ...(aspectRatio ? { aspectRatio } : {}),
        });
        expect(res.status).toBe(200);
        expect(res.body.url).toMatch(new RegExp(`/media/${res.body.id}\\.jpg$`));
        const image = decodeJpeg(await fetchRendered(t, res.body.url, 'image/jpeg'));
        expect([image.width, image.height]).toEqual([width, height]);
      },
    );

    it('draws the same picture as the PNG, stored apart from it and once', async () => {
      const body = { templateSlug: 'quoteCard', config: examples.quoteCard };
      const png = await renderTemplate(t, user, body);
      const jpeg = await renderTemplate(t, user, { ...body, format: 'jpeg' });
      const again = await renderTemplate(t, user, { ...body, format: 'jpeg' });
      const explicitPng = await renderTemplate(t, user, { ...body, format: 'png' });
      expect(jpeg.body.id).not.toBe(png.body.id);
      expect(again.body).toEqual(jpeg.body);
      expect(explicitPng.body).toEqual(png.body);

      const media = await request(t.http)
        .get(`/v1/media/${jpeg.body.id}`)
        .set('soku-api-key', user.apiKey);
      expect(media.body).toMatchObject({ mimeType: 'image/jpeg', width: 1200, height: 630 });

      // Same pixels but for JPEG's loss: compare a few points of the two decodings.
      const a = decodePng(await fetchRendered(t, png.body.url));
      const b = decodeJpeg(await fetchRendered(t, jpeg.body.url, 'image/jpeg'));
      for (const [x, y] of [
        [5, 5],
        [600, 315],
        [1190, 620],
      ]) {
        const i = (y * 1200 + x) * 4;
        for (let c = 0; c < 3; c++) {
          expect(Math.abs(a.data[i + c] - b.data[i + c])).toBeLessThan(24);
        }
      }
    });

    it('makes an image Instagram takes, where the PNG is refused at request time', async () => {
      const owner = await createUser(t);
      await addAccount(t, owner.userId, 'instagram', 'ig_main');
      const body = { templateSlug: 'announcement', config: { title: 'Now on Instagram' } };
      const post = (url: string) =>
        request(t.http)
          .post('/v1/posts')
          .set('soku-api-key', owner.apiKey)
          .send({
            post: { content: { text: 'Launch', imageUrls: [url], platform: ['instagram'] } },
          });

      const png = await renderTemplate(t, owner, body);
      const refused = await post(png.body.url);
      expectEnvelope(refused, 400, 'validation_error');
      expect(JSON.stringify(refused.body.error.details)).toMatch(/JPEG images only/);

      const jpeg = await renderTemplate(t, owner, { ...body, format: 'jpeg' });
      const accepted = await post(jpeg.body.url);
      expect(accepted.status).toBe(201);
    });
  });

  it('lists every template with a config schema and an example', async () => {
    const res = await request(t.http).get('/v1/templates').set('soku-api-key', user.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.templates.map((entry: { slug: string }) => entry.slug)).toEqual(SLUGS);
    for (const entry of res.body.templates) {
      expect(entry.configSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(entry.example).length).toBeGreaterThan(0);
    }
    const tweet = res.body.templates[0].configSchema;
    expect(tweet.properties.theme).toEqual(
      expect.objectContaining({ enum: ['light', 'dark'], default: 'light' }),
    );
    expect(res.body.sizes).toContainEqual({ aspectRatio: '9:16', width: 1080, height: 1920 });
  });

  it('renders with defaults when config is absent', async () => {
    const res = await renderTemplate(t, user, { templateSlug: 'tweetImage' });
    expect(res.status).toBe(200);
    expect(decodePng(await fetchRendered(t, res.body.url)).width).toBe(1200);
  });

  it('serves an identical request from storage without rendering again', async () => {
    const body = {
      templateSlug: 'quoteCard',
      config: { quote: 'Cached once', author: 'Soku' },
      aspectRatio: '4:5',
    };
    const first = await renderTemplate(t, user, body);
    const renders = jest.spyOn(RenderPool.prototype, 'render');
    const reordered = { ...body, config: { author: 'Soku', quote: 'Cached once' } };
    const second = await renderTemplate(t, user, reordered);
    const viaAlias = await renderTemplate(t, user, body, '/v1/media/render-og');
    expect(second.body).toEqual(first.body);
    expect(viaAlias.body).toEqual(first.body);
    expect(renders).not.toHaveBeenCalled();
    // Defaults are part of the identity: spelling one out is the same request.
    const explicit = await renderTemplate(t, user, {
      ...body,
      config: { ...body.config, theme: 'dark', accentColor: '#f59e0b' },
    });
    expect(explicit.body).toEqual(first.body);
    const other = await renderTemplate(t, user, { ...body, aspectRatio: '1:1' });
    expect(other.body.id).not.toBe(first.body.id);
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('renders concurrent identical requests once', async () => {
    const renders = jest.spyOn(RenderPool.prototype, 'render');
    const body = { templateSlug: 'announcement', config: { title: 'Concurrent' } };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => renderTemplate(t, user, body)),
    );
    // Identical bodies share one derived idempotency key: while the first renders, the others
    // are told it is in progress (409, Retry-After: 1); none renders a second time.
    const ok = results.filter((res) => res.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((res) => res.body.id)).size).toBe(1);
    for (const res of results.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('idempotency_conflict');
    }
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('keeps renders per user', async () => {
    const other = await createUser(t);
    const body = { templateSlug: 'ogArticle', config: { title: 'Per user' } };
    const mine = await renderTemplate(t, user, body);
    const theirs = await renderTemplate(t, other, body);
    expect(theirs.status).toBe(200);
    expect(theirs.body.id).not.toBe(mine.body.id);
    const get = await request(t.http)
      .get(`/v1/media/${mine.body.id}`)
      .set('soku-api-key', other.apiKey);
    expectEnvelope(get, 404, 'not_found');
  });

  it('records the render as media with its dimensions', async () => {
    const res = await renderTemplate(t, user, {
      templateSlug: 'announcement',
      config: { title: 'As media' },
      aspectRatio: '9:16',
    });
    const media = await request(t.http)
      .get(`/v1/media/${res.body.id}`)
      .set('soku-api-key', user.apiKey);
    expect(media.status).toBe(200);
    expect(media.body).toMatchObject({
      id: res.body.id,
      url: res.body.url,
      mimeType: 'image/png',
      width: 1080,
      height: 1920,
    });
  });

  it('renders emoji and non-Latin text', async () => {
    const res = await renderTemplate(t, user, {
      templateSlug: 'tweetImage',
      config: {
        author: 'Zoë 🚀',
        content: 'Hello 👋 日本語 한국어 中文 العربية עברית हिन्दी ไทย Ελληνικά Привет',
      },
    });
    expect(res.status).toBe(200);
    expect(decodePng(await fetchRendered(t, res.body.url)).width).toBe(1200);
  });

  it('fits very long text without failing', async () => {
    const words = 'supercalifragilisticexpialidocious '.repeat(17).trim();
    for (const aspectRatio of ['9:16', undefined]) {
      const res = await renderTemplate(t, user, {
        templateSlug: 'tweetImage',
        config: { title: 'x'.repeat(120), content: words.slice(0, 600) },
        ...(aspectRatio ? { aspectRatio } : {}),
      });
      expect(res.status).toBe(200);
    }
  });

  describe('remote images', () => {
    it('draws an avatar fetched through the SSRF-safe client', async () => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'tweetImage',
        config: { author: 'Ada', avatarUrl: origin.url('/avatar.png', 'localhost.test') },
      });
      expect(res.status).toBe(200);
      const image = decodePng(await fetchRendered(t, res.body.url));
      // The avatar sits left of the name, inside the card: its red must be there.
      const reds = countPixels(image, ([r, g, b]) => r > 200 && g < 80 && b < 80);
      expect(reds).toBeGreaterThan(1000);
    });

    it('uses a background image for videoThumbnail', async () => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'videoThumbnail',
        config: { title: 'Bg', backgroundImageUrl: origin.url('/avatar.png', 'localhost.test') },
        aspectRatio: '1:1',
      });
      expect(res.status).toBe(200);
      const image = decodePng(await fetchRendered(t, res.body.url));
      expect(countPixels(image, ([r, g, b]) => r > 200 && g < 80 && b < 80)).toBeGreaterThan(
        100_000,
      );
    });

    it.each([
      ['a missing file', '/missing.png', /answered 404/],
      ['bytes that are not an image', '/avatar.jpg-but-text', /expected image\/png or image\/jpeg/],
      ['a file over the cap', '/huge.png', /limit is 65536 bytes/],
    ])('rejects %s as a config problem', async (_name, path, message) => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'tweetImage',
        config: { avatarUrl: origin.url(path, 'localhost.test') },
      });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ field: 'body.config.avatarUrl', code: 'invalid_image' }),
      ]);
      expect(res.body.error.details[0].message).toMatch(message);
    });

    it('renders a PNG whose pixel data is corrupt without a 5xx', async () => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'tweetImage',
        config: { avatarUrl: origin.url('/corrupt.png', 'localhost.test') },
      });
      expect(res.status).toBeLessThan(500);
    });

    it.each([
      ['loopback', () => `http://127.0.0.1:${trap.port}/a.png`],
      ['localhost', () => `http://localhost:${trap.port}/a.png`],
      ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
      ['a private address', () => `http://10.0.0.1:${trap.port}/a.png`],
    ])('refuses %s without connecting', async (_name, url) => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'videoThumbnail',
        config: { title: 'SSRF', backgroundImageUrl: url() },
      });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toBe('body.config.backgroundImageUrl');
      expect(trap.connections()).toBe(0);
    });
  });

  describe('bad input', () => {
    it('answers 404 for an unknown slug, listing the valid ones', async () => {
      const res = await renderTemplate(t, user, { templateSlug: 'nope' });
      expectEnvelope(res, 404, 'not_found');
      expect(res.body.error.message).toContain(SLUGS.join(', '));
      expect(res.body.error.details).toEqual({ templateSlug: 'nope', validSlugs: SLUGS });
    });

    it('answers 404 the same way on the alias', async () => {
      const res = await renderTemplate(t, user, { templateSlug: 'nope' }, '/v1/media/render-og');
      expectEnvelope(res, 404, 'not_found');
      expect(res.body.error.details.validSlugs).toEqual(SLUGS);
    });

    it.each([
      [{ templateSlug: 'tweetImage', config: { title: 42 } }, 'body.config.title', 'invalid_type'],
      [
        { templateSlug: 'tweetImage', config: { nope: 1 } },
        'body.config.nope',
        'unrecognized_keys',
      ],
      [
        { templateSlug: 'tweetImage', config: { theme: 'neon' } },
        'body.config.theme',
        'invalid_enum_value',
      ],
      [
        { templateSlug: 'tweetImage', config: { avatarUrl: 'not a url' } },
        'body.config.avatarUrl',
        'invalid_string',
      ],
      [
        { templateSlug: 'tweetImage', config: { avatarUrl: 'file:///etc/passwd' } },
        'body.config.avatarUrl',
        'invalid_string',
      ],
      [
        { templateSlug: 'tweetImage', config: { content: 'x'.repeat(601) } },
        'body.config.content',
        'too_big',
      ],
      [{ templateSlug: 'quoteCard', config: {} }, 'body.config.quote', 'invalid_type'],
      [
        { templateSlug: 'announcement', config: { title: 'a', accentColor: 'red' } },
        'body.config.accentColor',
        'invalid_string',
      ],
      [{ templateSlug: 'videoThumbnail', config: { title: '' } }, 'body.config.title', 'too_small'],
      [{ templateSlug: 'tweetImage', config: 'text' }, 'body.config', 'invalid_type'],
      [{ templateSlug: 'tweetImage', config: [1] }, 'body.config', 'invalid_type'],
      [
        { templateSlug: 'tweetImage', aspectRatio: '16:9' },
        'body.aspectRatio',
        'invalid_enum_value',
      ],
      [{ templateSlug: 'tweetImage', format: 'gif' }, 'body.format', 'invalid_enum_value'],
      [{ config: {} }, 'body.templateSlug', 'invalid_type'],
      [{ templateSlug: 'tweetImage', extra: true }, 'body.extra', 'unrecognized_keys'],
    ])('answers 400 (%#) at the right field', async (body, field, code) => {
      for (const route of ['/v1/templates', '/v1/media/render-og']) {
        const res = await renderTemplate(t, user, body, route);
        expectEnvelope(res, 400, 'validation_error');
        expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, code }));
      }
    });

    it('treats null config fields as unset', async () => {
      const res = await renderTemplate(t, user, {
        templateSlug: 'tweetImage',
        config: { theme: null, title: 'Null theme' },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('auth', () => {
    it('needs an API key', async () => {
      for (const route of ['/v1/templates', '/v1/media/render-og']) {
        expectEnvelope(
          await request(t.http).post(route).send({ templateSlug: 'tweetImage' }),
          401,
          'unauthorized',
        );
      }
      expectEnvelope(await request(t.http).get('/v1/templates'), 401, 'unauthorized');
    });

    it('needs an active subscription', async () => {
      const lapsed = await createUser(t, { subscription: 'none' });
      const res = await renderTemplate(t, lapsed, { templateSlug: 'tweetImage' });
      expectEnvelope(res, 403, 'forbidden');
    });
  });
});

function countPixels(
  image: { data: Buffer; width: number; height: number },
  match: (rgba: number[]) => boolean,
): number {
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (match([image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]])) {
      count++;
    }
  }
  return count;
}
