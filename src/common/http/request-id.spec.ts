import { resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it('should echo a printable client id', () => {
    expect(resolveRequestId('my-debug-123')).toBe('my-debug-123');
    expect(resolveRequestId('a b')).toBe('a b');
    expect(resolveRequestId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['control characters', 'abc\u0007'],
    ['non-ASCII', 'ünïcode'],
    ['padded with spaces', ' abc '],
  ])('should mint a UUID when the client id is %s', (_case, header) => {
    expect(resolveRequestId(header)).toMatch(UUID);
  });

  it('should take the first of repeated headers', () => {
    expect(resolveRequestId(['first', 'second'])).toBe('first');
  });
});
