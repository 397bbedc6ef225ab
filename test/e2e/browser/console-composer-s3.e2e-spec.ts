import request from 'supertest';
import { startFakeS3, type FakeS3 } from '../../fakes/s3-server';
import { describeInChromium } from '../../utils/browser';
import { waitFor } from '../../utils/wait';
import { type ComposerPage, openComposer } from './composer-support';

/** The composer's library where media lives in an S3 store, on another origin than the console. */
describeInChromium('Console composer in Chromium, media on S3', () => {
  let s3: FakeS3;
  let c: ComposerPage;

  beforeAll(async () => {
    s3 = await startFakeS3();
    c = await openComposer(s3.env);
  });

  afterAll(async () => {
    await c?.close();
    await s3?.stop();
  });

  it("should show the library's thumbnails from the S3 public URL, which the CSP allows", async () => {
    const res = await request(c.t.http).get('/console').expect(200);
    expect(res.headers['content-security-policy']).toContain(`img-src 'self' data: ${s3.endpoint}`);
    expect(s3.keys()).toHaveLength(1);
    const thumbnail = c.page.locator('#composer-media-list img');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(new RegExp(`^${s3.endpoint}/`));
    // The library's thumbnails load lazily: below the fold (the header now holds the profile
    // switcher) they wait until scrolled to, as a user would.
    await thumbnail.scrollIntoViewIfNeeded();
    // Polled from here: waitForFunction polls inside the page with eval, which the CSP forbids.
    await waitFor(
      'the thumbnail to load',
      () => thumbnail.evaluate((img) => (img as { complete: boolean }).complete),
      (complete) => complete,
    );
    expect(await thumbnail.evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBe(
      64,
    );
    expect(c.errors).toEqual([]);
  });
});
