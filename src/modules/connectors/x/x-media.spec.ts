import { Readable } from 'node:stream';
import { chunksOf, isReusable } from './x-media';

describe('chunksOf', () => {
  it('should cut a stream into pieces of the chunk size whatever the reads', async () => {
    const source = Readable.from([Buffer.alloc(3, 1), Buffer.alloc(10, 2), Buffer.alloc(1, 3)]);
    const chunks: Buffer[] = [];
    for await (const chunk of chunksOf(source, 4)) {
      chunks.push(chunk);
    }
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 2]);
    expect(Buffer.concat(chunks)).toEqual(
      Buffer.concat([Buffer.alloc(3, 1), Buffer.alloc(10, 2), Buffer.alloc(1, 3)]),
    );
  });
});

describe('isReusable', () => {
  it('should reuse an upload only while X still has it', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const item = { sokuId: 'm', id: '1', mediaKey: '3_1', expiresAt: '2026-01-01T01:00:00Z' };
    expect(isReusable(item, now)).toBe(true);
    expect(isReusable({ ...item, expiresAt: '2026-01-01T00:04:00Z' }, now)).toBe(false);
    expect(isReusable(undefined, now)).toBe(false);
  });
});
