import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A complete, hashed copy of incoming bytes on local disk, not yet in storage. */
export interface StagedFile {
  path: string;
  size: number;
  sha256: string;
}

export interface StageLimits {
  maxBytes: number;
  /** The exact size promised (Content-Length, or the size declared for an upload). */
  expectedBytes?: number;
}

/** Raised when the bytes break a limit; the caller words it for the client. */
export class StageLimitError extends Error {
  constructor(
    readonly kind: 'too_large' | 'truncated' | 'oversized',
    readonly received: number,
  ) {
    super(kind);
  }
}

/**
 * Streams bytes to a file under `<data dir>/media-staging`, hashing and counting on the way and
 * stopping at the cap, so nothing is ever held whole in memory and storage only ever receives
 * complete, verified files. A failure removes the partial file.
 */
export class MediaStaging {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'media-staging');
  }

  async receive(source: Readable, limits: StageLimits): Promise<StagedFile> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > limits.maxBytes) {
          callback(new StageLimitError('too_large', size));
          return;
        }
        if (limits.expectedBytes !== undefined && size > limits.expectedBytes) {
          callback(new StageLimitError('oversized', size));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const sink = createWriteStream(file, { flags: 'wx' });
    try {
      await pipeline(source, meter, sink);
      if (limits.expectedBytes !== undefined && size !== limits.expectedBytes) {
        throw new StageLimitError('truncated', size);
      }
    } catch (error) {
      // pipeline rejects on the source's error without waiting for the sink: under load the
      // file's open is still pending then, and would create the file after the discard.
      await closed(sink);
      await discard(file);
      throw error;
    }
    return { path: file, size, sha256: hash.digest('hex') };
  }
}

function closed(sink: WriteStream): Promise<void> {
  if (sink.closed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    sink.once('close', () => resolve());
    sink.destroy();
  });
}

/** Removes a staged file; gone already is fine. */
export async function discard(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
