import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gif, HTML_PAGE, jpeg, mp4, png, wav, ZIP } from '../../../../test/fakes/media-samples';
import { UploadFailedError } from '../media.errors';
import { probeMedia } from './probe';

describe('probeMedia', () => {
  let dir: string;
  const write = (bytes: Buffer): string => {
    const file = path.join(dir, `${Math.random()}.part`);
    fs.writeFileSync(file, bytes);
    return file;
  };

  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['PNG', png(640, 480), { mimeType: 'image/png', extension: 'png', width: 640, height: 480 }],
    ['GIF', gif(32, 16), { mimeType: 'image/gif', extension: 'gif', width: 32, height: 16 }],
    [
      'JPEG',
      jpeg(1920, 1080),
      { mimeType: 'image/jpeg', extension: 'jpg', width: 1920, height: 1080 },
    ],
  ])('should read the type and dimensions of a %s', async (_kind, bytes, expected) => {
    expect(await probeMedia(write(bytes))).toEqual(expected);
  });

  it('should read the duration of a WAV', async () => {
    expect(await probeMedia(write(wav(2)))).toEqual({
      mimeType: 'audio/wav',
      extension: 'wav',
      durationSeconds: 2,
    });
  });

  it('should read the duration and size of an MP4 from its trailing movie header', async () => {
    expect(await probeMedia(write(mp4(12.5, 5 * 1024 * 1024)))).toEqual({
      mimeType: 'video/mp4',
      extension: 'mp4',
      durationSeconds: 12.5,
      width: 1280,
      height: 720,
    });
  });

  it.each([
    ['an HTML page', HTML_PAGE, 'The URL returned an HTML page, not a media file'],
    ['plain text', Buffer.from('just some words\n'), 'The file is text, not media'],
    ['a zip archive', ZIP, 'The file is application/zip (.zip)'],
    ['an empty file', Buffer.alloc(0), 'The file is empty'],
    ['random bytes', Buffer.from([1, 2, 3, 0, 255, 254, 9, 0, 0, 1]), 'Unrecognised file type'],
  ])('should refuse %s with a precise reason', async (_kind, bytes, message) => {
    const error = await probeMedia(write(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadFailedError);
    expect((error as Error).message).toContain(message);
  });
});
