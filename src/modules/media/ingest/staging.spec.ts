import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { MediaStaging } from './staging';

// The module object itself (not an import namespace copy), so the spy reaches staging.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

describe('MediaStaging', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'soku-staging-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should leave no partial file when the source fails while the file is still opening', async () => {
    // A busy thread pool: the staging file's open completes only after the source has failed.
    const createWriteStream = fs.createWriteStream;
    const spy = jest.spyOn(fs, 'createWriteStream').mockImplementation((file, options) =>
      createWriteStream(file, {
        ...(options as object),
        fs: {
          ...fs,
          open: (...args: Parameters<typeof fs.open>) => {
            setTimeout(() => (fs.open as (...a: unknown[]) => void)(...args), 50);
          },
        },
      }),
    );
    const source = new PassThrough();
    source.on('error', () => undefined);
    const staged = new MediaStaging(dataDir).receive(source, { maxBytes: 1_000 });
    source.write(Buffer.alloc(10));
    setImmediate(() => source.destroy(new Error('aborted')));

    await expect(staged).rejects.toThrow('aborted');
    expect(spy).toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(path.join(dataDir, 'media-staging'))).toEqual([]);
  });
});
