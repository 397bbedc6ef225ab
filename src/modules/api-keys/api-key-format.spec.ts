import { createHash } from 'node:crypto';
import { generateApiKey, hashApiKey, isWellFormedApiKey, tokenPreview } from './api-key-format';

describe('API key format', () => {
  it('should generate sk_live_ keys with 256 bits of entropy and a valid checksum', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^sk_live_[0-9A-Za-z]{49}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it('should refuse a key with one character changed', () => {
    const key = generateApiKey();
    const i = 20;
    const altered = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(isWellFormedApiKey(altered)).toBe(false);
  });

  it.each([
    '',
    'sk_live_',
    'sk_test_' + 'a'.repeat(49),
    'pk_live_' + 'a'.repeat(49),
    'sk_live_abc!',
  ])('should refuse %j', (candidate) => expect(isWellFormedApiKey(candidate)).toBe(false));

  it('should hash with SHA-256 hex', () => {
    expect(hashApiKey('sk_live_x')).toBe(createHash('sha256').update('sk_live_x').digest('hex'));
  });

  it('should preview with the last four characters only', () => {
    expect(tokenPreview('c3d4')).toBe('sk_live_********c3d4');
  });
});
