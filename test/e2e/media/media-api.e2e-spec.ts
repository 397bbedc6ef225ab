import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { MediaService } from '../../../src/modules/media/media.service';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startFakeDns, type FakeDnsServer } from '../../fakes/fake-dns-server';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { gif, HTML_PAGE, jpeg, mp4, png, wav, ZIP } from '../../fakes/media-samples';
import { startFakeS3, type FakeS3 } from '../../fakes/s3-server';

const DRIVE_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz';

describe.each(['local', 's3'] as const)('media API with %s storage', (driver) => {
  let t: TestApp;
  let origin: MediaOrigin;
  let dns: FakeDnsServer;
  let s3: FakeS3 | undefined;
  let alice: TestUser;
  let bob: TestUser;

  const post = (user: TestUser, url: string) =>
    request(t.http).post('/v1/media').set('soku-api-key', user.apiKey).send({ url });
  const stored = (): string[] =>
    s3 ? s3.keys() : fs.readdirSync(path.join(t.config.app.dataDir, 'media'));
  const staging = (): string[] => {
    const dir = path.join(t.config.app.dataDir, 'media-staging');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  const fetchPublic = (url: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers });

  beforeAll(async () => {
    origin = await startMediaOrigin();
    dns = await startFakeDns({
      'drive.google.com': ['127.0.0.1'],
      'drive.usercontent.google.com': ['127.0.0.1'],
    });
    s3 = driver === 's3' ? await startFakeS3() : undefined;
    // Local files are served by the app itself: it needs a real port for fetch().
    const port = await freePort();
    t = await createTestApp({
      env: {
        SOKU_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ...(s3?.env ?? {}),
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1,drive.google.com,drive.usercontent.google.com',
        SOKU_MEDIA_DNS_SERVERS: dns.address,
        SOKU_MEDIA_MAX_BYTES: String(1024 * 1024),
        // Long enough that a loaded machine's pauses between chunks never trip it; /stall.png does.
        SOKU_MEDIA_IDLE_TIMEOUT_MS: '1500',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    alice = await createUser(t);
    bob = await createUser(t);

    origin.serve('/photo.png', png(640, 480), { type: 'text/plain' });
    origin.serve('/photo.jpg', jpeg(1080, 1350));
    origin.serve('/anim.gif', gif(10, 20), { chunked: true });
    origin.serve('/clip.mp4', mp4(12.5));
    origin.serve('/voice.wav', wav(2));
    origin.serve('/page.html', HTML_PAGE, { type: 'image/png' });
    origin.serve('/archive.zip', ZIP);
    origin.serve('/big.bin', Buffer.alloc(2 * 1024 * 1024, 1));
    origin.serve('/big-chunked.png', Buffer.concat([png(1, 1), Buffer.alloc(2 * 1024 * 1024)]), {
      chunked: true,
    });
    origin.route('/forbidden.png', (_req, res) => res.writeHead(403).end('no'));
    origin.route('/stall.png', (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(png(1, 1));
    });
    origin.route('/truncated.png', (req, res) => {
      res.writeHead(200, { 'content-length': '5000' });
      res.end(png(2, 2));
      req.socket.end();
    });
    // Google Drive: the share link's direct download answers a large file with the warning page.
    origin.route('/uc', (req, res) => {
      const id = new URL(req.url!, 'http://x').searchParams.get('id');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': 'NID=abc; Path=/',
      });
      res.end(`<html><body>Google Drive can't scan this file for viruses.
        <form id="download-form" action="${origin.url('/download', 'drive.usercontent.google.com')}" method="get">
          <input type="hidden" name="id" value="${id}"><input type="hidden" name="export" value="download">
          <input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="u-1">
        </form></body></html>`);
    });
    origin.route('/download', (req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      const ok =
        query.get('confirm') === 't' && query.get('uuid') === 'u-1' && query.get('id') === DRIVE_ID;
      res
        .writeHead(ok ? 200 : 400, { 'content-type': 'application/octet-stream' })
        .end(ok ? gif(7, 9) : 'bad');
    });
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([origin.close(), dns.close(), s3?.stop()]);
  });

  describe('POST /v1/media', () => {
    it('should import an image, detect its type from the bytes and serve it publicly', async () => {
      const res = await post(alice, origin.url('/photo.png'));
      expect(res.status).toBe(201);
      const bytes = png(640, 480);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        url: expect.stringMatching(new RegExp(`/${res.body.id}\\.png$`)),
        mimeType: 'image/png',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        width: 640,
        height: 480,
        createdAt: expect.any(String),
      });
      const served = await fetchPublic(res.body.url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    });

    it('should serve byte ranges, an ETag and long cache headers', async () => {
      const { body } = await post(alice, origin.url('/photo.jpg'));
      expect(body).toMatchObject({ mimeType: 'image/jpeg', width: 1080, height: 1350 });
      const whole = await fetchPublic(body.url);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('content-length')).toBe(String(body.size));
      expect(whole.headers.get('etag')).toBeTruthy();
      expect(whole.headers.get('cache-control')).toContain('max-age=31536000');
      const part = await fetchPublic(body.url, { range: 'bytes=0-3' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 0-3/${body.size}`);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(jpeg(1080, 1350).subarray(0, 4));
    });

    it.each([
      ['/anim.gif', { mimeType: 'image/gif', width: 10, height: 20 }],
      ['/clip.mp4', { mimeType: 'video/mp4', durationSeconds: 12.5, width: 1280, height: 720 }],
      ['/voice.wav', { mimeType: 'audio/wav', durationSeconds: 2 }],
    ])('should probe %s', async (file, expected) => {
      const res = await post(alice, origin.url(file));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject(expected);
    });

    it('should return the same media for the same content, per user', async () => {
      const first = await post(alice, origin.url('/voice.wav'));
      const again = await post(alice, origin.url('/voice.wav'));
      const other = await post(bob, origin.url('/voice.wav'));
      expect(again.body.id).toBe(first.body.id);
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
    });

    it('should turn a Google Drive share link into a download through the confirmation page', async () => {
      const res = await post(
        alice,
        origin.url(`/file/d/${DRIVE_ID}/view?usp=sharing`, 'drive.google.com'),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mimeType: 'image/gif', width: 7, height: 9 });
    });

    it.each([
      ['/missing.png', 'The origin answered 404 Not Found'],
      ['/forbidden.png', 'The origin answered 403 Forbidden'],
      ['/page.html', 'The URL returned an HTML page, not a media file'],
      ['/archive.zip', 'The file is application/zip (.zip)'],
      ['/big.bin', 'The file is 2097152 bytes; the limit is 1048576 bytes'],
      ['/big-chunked.png', 'The file is larger than allowed: the limit is 1048576 bytes'],
      ['/stall.png', 'sent nothing for 1500 ms'],
      ['/truncated.png', 'was closed before the file was complete'],
    ])('should fail %s with upload_failed and leave nothing behind', async (file, message) => {
      const before = stored();
      const res = await post(alice, origin.url(file));
      expectEnvelope(res, 400, 'upload_failed');
      expect(res.body.error.message).toContain(message);
      expect(stored()).toEqual(before);
      expect(staging()).toEqual([]);
    });

    it('should fail an unreachable host with upload_failed', async () => {
      const res = await post(alice, 'http://no-such-host.test/x.png');
      expectEnvelope(res, 400, 'upload_failed');
      expect(res.body.error.message).toBe('Could not resolve no-such-host.test');
    });

    it('should validate the body', async () => {
      const res = await request(t.http)
        .post('/v1/media')
        .set('soku-api-key', alice.apiKey)
        .send({ url: 'not-a-url' });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details).toEqual([
        {
          field: 'body.url',
          message: 'Invalid URL format',
          code: 'invalid_string',
          received: 'not-a-url',
        },
      ]);
    });

    it('should require an API key', async () => {
      expectEnvelope(
        await request(t.http)
          .post('/v1/media')
          .send({ url: origin.url('/photo.png') }),
        401,
        'unauthorized',
      );
    });
  });

  describe('reading, listing and deleting', () => {
    it("should answer 404 for another user's media, and never list it", async () => {
      const { body } = await post(alice, origin.url('/photo.png'));
      const res = await request(t.http).get(`/v1/media/${body.id}`).set('soku-api-key', bob.apiKey);
      expectEnvelope(res, 404, 'not_found');
      const del = await request(t.http)
        .delete(`/v1/media/${body.id}`)
        .set('soku-api-key', bob.apiKey);
      expectEnvelope(del, 404, 'not_found');
      const list = await request(t.http).get('/v1/media?limit=100').set('soku-api-key', bob.apiKey);
      expect(list.body.data.map((m: { id: string }) => m.id)).not.toContain(body.id);
      const own = await request(t.http)
        .get(`/v1/media/${body.id}`)
        .set('soku-api-key', alice.apiKey);
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(body.id);
    });

    it('should page newest first with a cursor', async () => {
      const carol = await createUser(t);
      const ids: string[] = [];
      for (const file of ['/photo.png', '/photo.jpg', '/anim.gif', '/clip.mp4', '/voice.wav']) {
        ids.unshift((await post(carol, origin.url(file))).body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(t.http)
          .get('/v1/media')
          .query(cursor ? { limit: 2, cursor } : { limit: 2 })
          .set('soku-api-key', carol.apiKey);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.data.map((m: { id: string }) => m.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids);
    });

    it.each([
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['cursor=garbage', 'query.cursor'],
    ])('should reject %s', async (query, field) => {
      const res = await request(t.http).get(`/v1/media?${query}`).set('soku-api-key', alice.apiKey);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toBe(field);
    });

    it('should reject an id that is not a UUID', async () => {
      const res = await request(t.http).get('/v1/media/nope').set('soku-api-key', alice.apiKey);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toBe('params.id');
    });

    it('should refuse to delete media a pending post holds, then delete it and its file', async () => {
      const { body } = await post(alice, origin.url('/clip.mp4'));
      const media = t.app.get(MediaService);
      await t.dataSource.transaction((m) =>
        media.acquireUsage(m, defaultScope(alice.userId), [body.id], 'post:p1'),
      );
      const refused = await request(t.http)
        .delete(`/v1/media/${body.id}`)
        .set('soku-api-key', alice.apiKey);
      expectEnvelope(refused, 409, 'media_in_use');
      await t.dataSource.transaction((m) => media.releaseUsage(m, 'post:p1'));
      const res = await request(t.http)
        .delete(`/v1/media/${body.id}`)
        .set('soku-api-key', alice.apiKey);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: body.id, deleted: true });
      expect(stored().some((key) => key.startsWith(body.id))).toBe(false);
      expect((await fetchPublic(body.url)).status).toBe(404);
      expectEnvelope(
        await request(t.http).get(`/v1/media/${body.id}`).set('soku-api-key', alice.apiKey),
        404,
        'not_found',
      );
    });

    it("should not let a post claim another user's media", async () => {
      const { body } = await post(alice, origin.url('/photo.png'));
      const media = t.app.get(MediaService);
      await expect(
        t.dataSource.transaction((m) =>
          media.acquireUsage(m, defaultScope(bob.userId), [body.id], 'post:p2'),
        ),
      ).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('direct uploads', () => {
    const start = (user: TestUser, body: object) =>
      request(t.http).post('/v1/media/uploads').set('soku-api-key', user.apiKey).send(body);
    const complete = (user: TestUser, id: string) =>
      request(t.http).post(`/v1/media/uploads/${id}/complete`).set('soku-api-key', user.apiKey);

    it('should take a PUT to the signed URL and record it on completion', async () => {
      const bytes = mp4(3, 4096);
      const ticket = await start(alice, {
        filename: 'clip.mp4',
        mimeType: 'video/mp4',
        size: bytes.length,
      });
      expect(ticket.status).toBe(201);
      expect(ticket.body).toEqual({
        mediaId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        uploadUrl: expect.stringMatching(/^http/),
        method: 'PUT',
        headers: { 'Content-Type': 'video/mp4' },
        expiresAt: expect.any(String),
      });
      const put = await fetch(ticket.body.uploadUrl, {
        method: 'PUT',
        headers: ticket.body.headers,
        body: bytes,
      });
      expect(put.status).toBe(200);
      const res = await complete(alice, ticket.body.mediaId);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: ticket.body.mediaId,
        mimeType: 'video/mp4',
        size: bytes.length,
        durationSeconds: 3,
      });
      expect(stored()).not.toContain(`upload-${ticket.body.mediaId}`);
      const served = await fetchPublic(res.body.url);
      expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
      expect((await complete(alice, ticket.body.mediaId)).body.id).toBe(ticket.body.mediaId);
      expectEnvelope(await complete(bob, ticket.body.mediaId), 404, 'not_found');
    });

    it('should return the existing media when the uploaded content is already stored', async () => {
      const existing = await post(alice, origin.url('/anim.gif'));
      const bytes = gif(10, 20);
      const ticket = await start(alice, {
        filename: 'a.gif',
        mimeType: 'image/gif',
        size: bytes.length,
      });
      await fetch(ticket.body.uploadUrl, {
        method: 'PUT',
        headers: ticket.body.headers,
        body: bytes,
      });
      const res = await complete(alice, ticket.body.mediaId);
      expect(res.body.id).toBe(existing.body.id);
    });

    it('should refuse to complete before anything was uploaded', async () => {
      const ticket = await start(alice, { filename: 'a.png', mimeType: 'image/png', size: 10 });
      const res = await complete(alice, ticket.body.mediaId);
      expectEnvelope(res, 400, 'upload_failed');
      expect(res.body.error.message).toContain('PUT the file to uploadUrl first');
    });

    it('should reject an uploaded file that is not media and remove it', async () => {
      const ticket = await start(alice, {
        filename: 'a.png',
        mimeType: 'image/png',
        size: HTML_PAGE.length,
      });
      await fetch(ticket.body.uploadUrl, {
        method: 'PUT',
        headers: ticket.body.headers,
        body: HTML_PAGE,
      });
      const res = await complete(alice, ticket.body.mediaId);
      expectEnvelope(res, 400, 'upload_failed');
      expect(stored()).not.toContain(`upload-${ticket.body.mediaId}`);
    });

    it.each([
      [{ filename: 'x.pdf', mimeType: 'application/pdf', size: 10 }, 'body.mimeType'],
      [{ filename: 'x.png', mimeType: 'image/png', size: 0 }, 'body.size'],
      [{ filename: 'x.png', mimeType: 'image/png', size: 2 * 1024 * 1024 }, 'body.size'],
      [{ mimeType: 'image/png', size: 10 }, 'body.filename'],
    ])('should validate %j', async (body, field) => {
      const res = await start(alice, body);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  if (driver === 'local') {
    describe('the local upload endpoint', () => {
      it('should refuse a tampered signature, a wrong Content-Type and a wrong size', async () => {
        const ticket = await request(t.http)
          .post('/v1/media/uploads')
          .set('soku-api-key', alice.apiKey)
          .send({ filename: 'a.png', mimeType: 'image/png', size: 100 });
        const url = new URL(ticket.body.uploadUrl);
        const tampered = new URL(url);
        tampered.searchParams.set('size', '1000');
        const put = (target: URL, type: string, body: Buffer) =>
          request(t.http)
            .put(`${target.pathname}${target.search}`)
            .set('Content-Type', type)
            .send(body);
        expectEnvelope(await put(tampered, 'image/png', Buffer.alloc(1000)), 403, 'forbidden');
        expectEnvelope(await put(url, 'image/gif', Buffer.alloc(100)), 403, 'forbidden');
        const short = await put(url, 'image/png', Buffer.alloc(50));
        expectEnvelope(short, 400, 'upload_failed');
        expect(stored()).not.toContain(`upload-${ticket.body.mediaId}`);
      });

      it('should not serve pending uploads or unknown files', async () => {
        expectEnvelope(await request(t.http).get('/media/upload-x'), 404, 'not_found');
        expectEnvelope(await request(t.http).get('/media/../../etc/passwd'), 404, 'not_found');
      });
    });
  }
});
