import { ValidationFailedError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

const position = {
  createdAt: new Date('2025-09-01T12:00:00.123Z'),
  id: '3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10',
};
// Handed out before the lists shared this codec (posts, media, users, requests, webhooks, ...).
const ISSUED = 'MjAyNS0wOS0wMVQxMjowMDowMC4xMjNafDNmMmI4YzFlLTlhNGQtNGM1NS04ZTBmLTJiNmYxZDdhOWMxMA';

describe('cursor codec', () => {
  it('should keep the wire format: base64url of `createdAt|id`', () => {
    expect(encodeCursor(position)).toBe(ISSUED);
  });

  it('should read a cursor issued before', () => {
    expect(decodeCursor(ISSUED)).toEqual(position);
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'garbage'],
    ['an id that is not a UUID', Buffer.from('2025-01-01|not-a-uuid').toString('base64url')],
    ['36 dashes for an id', Buffer.from(`2025-01-01|${'-'.repeat(36)}`).toString('base64url')],
    ['a bad time', Buffer.from(`x|${position.id}`).toString('base64url')],
    ['a third part', Buffer.from(`2025-01-01|${position.id}|x`).toString('base64url')],
  ])('should answer %s with the documented validation error', (_case, raw) => {
    const error = rejectionOf(() => decodeCursor(raw));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).details).toEqual([
      {
        field: 'query.cursor',
        message: 'Invalid cursor: pass the nextCursor of a previous page',
        code: 'invalid_string',
        received: raw,
      },
    ]);
  });
});

function rejectionOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
