import { ValidationFailedError } from '../../common/errors';
import { canonicalJson, derivedIdempotencyKey, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('should accept 1 to 255 printable ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('unique-request id~123')).toBe('unique-request id~123');
    expect(parseIdempotencyKey('k'.repeat(255))).toBe('k'.repeat(255));
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['non-ASCII', 'clé'],
    ['control characters', 'a\u0007b'],
  ])('should refuse %s with a 400 validation_error', (_case, key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ValidationFailedError);
  });
});

describe('canonicalJson', () => {
  it('should ignore key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });

  it('should tell different values apart', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});

describe('derivedIdempotencyKey', () => {
  it('should depend on the user, the endpoint and the body', () => {
    const key = derivedIdempotencyKey('u1', 'POST /v1/posts', 'h');
    expect(key).toMatch(/^auto_[0-9a-f]{64}$/);
    expect(derivedIdempotencyKey('u1', 'POST /v1/posts', 'h')).toBe(key);
    expect(derivedIdempotencyKey('u2', 'POST /v1/posts', 'h')).not.toBe(key);
    expect(derivedIdempotencyKey('u1', 'POST /v1/media', 'h')).not.toBe(key);
    expect(derivedIdempotencyKey('u1', 'POST /v1/posts', 'i')).not.toBe(key);
  });
});
