import type { Readable } from 'node:stream';

/** An inclusive byte range, as platforms' Content-Range headers and upload instructions give them. */
export interface ByteRange {
  first: number;
  last: number;
}

/**
 * The stream's bytes for each of `ranges` (ascending, contiguous), one Buffer per range; bytes
 * before the first range are skipped. Memory stays at one range.
 */
export async function* readRanges(
  stream: Readable,
  ranges: ByteRange[],
): AsyncGenerator<{ range: ByteRange; bytes: Buffer }> {
  let position = 0;
  let index = 0;
  let pending: Buffer[] = [];
  for await (const piece of stream) {
    let buffer = piece as Buffer;
    while (buffer.length > 0 && index < ranges.length) {
      const range = ranges[index];
      if (position < range.first) {
        const skip = Math.min(range.first - position, buffer.length);
        position += skip;
        buffer = buffer.subarray(skip);
        continue;
      }
      const take = Math.min(range.last + 1 - position, buffer.length);
      pending.push(buffer.subarray(0, take));
      position += take;
      buffer = buffer.subarray(take);
      if (position === range.last + 1) {
        yield { range, bytes: Buffer.concat(pending) };
        pending = [];
        index++;
      }
    }
    if (index >= ranges.length) {
      break;
    }
  }
  if (index < ranges.length) {
    throw new Error(`The media ended at byte ${position}, before the range it was to upload`);
  }
}

/** Consecutive ranges of `size` bytes from `start` to the end of a `total`-byte file. */
export function fixedRanges(total: number, size: number, start = 0): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let first = start; first < total; first += size) {
    ranges.push({ first, last: Math.min(first + size, total) - 1 });
  }
  return ranges;
}

/** The whole stream in memory: only for media a platform takes in one request (images). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) {
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces);
}
