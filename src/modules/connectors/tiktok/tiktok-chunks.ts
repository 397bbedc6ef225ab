import type { ByteRange } from '../byte-chunks';

/** TikTok's chunk rules: files under 5 MB go whole; at most 1000 chunks. */
const MIN_CHUNK = 5 * 1024 * 1024;
const MAX_CHUNKS = 1000;

/** Files under 5 MB go in one chunk; larger ones in chunks of the configured size (≤ 1000). */
export function chunkSizeFor(videoSize: number, configured: number): number {
  if (videoSize < MIN_CHUNK || videoSize <= configured) {
    return videoSize;
  }
  return Math.max(configured, Math.ceil(videoSize / MAX_CHUNKS));
}

/** floor(size / chunk) chunks; the last one takes the remainder. */
export function chunkRanges(videoSize: number, chunkSize: number): ByteRange[] {
  const count = Math.max(1, Math.floor(videoSize / chunkSize));
  return Array.from({ length: count }, (_, i) => ({
    first: i * chunkSize,
    last: i === count - 1 ? videoSize - 1 : (i + 1) * chunkSize - 1,
  }));
}
