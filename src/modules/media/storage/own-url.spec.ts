import type { MediaStaging } from '../ingest/staging';
import { LocalMediaStorage } from './local-media.storage';
import { S3MediaStorage } from './s3-media.storage';
import type { UploadSigner } from './upload-signature';

const KEY = '0f8e3c1a-8a57-4a0e-9d0b-2b6f4d8e9a11.png';

describe('MediaStorage.keyOfPublicUrl', () => {
  const local = new LocalMediaStorage(
    '/data/.soku/media',
    'http://localhost:3000',
    {} as UploadSigner,
    {} as MediaStaging,
  );
  const s3 = new S3MediaStorage({
    endpoint: 'http://127.0.0.1:9000',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    bucket: 'soku',
    publicUrl: 'https://cdn.example.com/soku-media',
  });

  it.each([
    [local, `http://localhost:3000/media/${KEY}`, KEY],
    [s3, `https://cdn.example.com/soku-media/${KEY}`, KEY],
    [local, `http://localhost:3000/media/${KEY}?download=1`, KEY],
  ])('finds the key in a URL it issued: %#', (storage, url, key) => {
    expect(storage.keyOfPublicUrl(url)).toBe(key);
  });

  it.each([
    [local, `http://127.0.0.1:3000/media/${KEY}`],
    [local, `http://localhost:3001/media/${KEY}`],
    [local, `http://localhost:3000/other/${KEY}`],
    [local, `http://localhost:3000/media/../media/x/${KEY}`],
    [local, 'http://localhost:3000/media/'],
    [s3, `https://cdn.example.com/soku-media-other/${KEY}`],
    [s3, `https://evil.example.com/soku-media/${KEY}`],
    [s3, 'not a url'],
  ])('answers undefined for any other URL: %#', (storage, url) => {
    expect(storage.keyOfPublicUrl(url)).toBeUndefined();
  });
});
