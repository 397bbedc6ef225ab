import { codePointLength, threadsLength, xWeightedLength } from './text-length';

describe('text lengths', () => {
  it('should weigh X text as twitter-text does', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('日本')).toBe(4);
    expect(xWeightedLength('hi 😀')).toBe(5);
    expect(xWeightedLength('see https://example.com/a/very/long/path?x=1 now')).toBe(4 + 23 + 4);
    expect(xWeightedLength('a'.repeat(280))).toBe(280);
  });

  it('should weigh an emoji sequence 2 on X: a ZWJ family, a flag, a skin tone', () => {
    expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
    expect(xWeightedLength('🇯🇵')).toBe(2);
    expect(xWeightedLength('👍🏽')).toBe(2);
  });

  it('should count a bare domain on X as a 23-character URL', () => {
    expect(xWeightedLength('see example.com now')).toBe(4 + 23 + 4);
  });

  it('should count Threads emoji by their UTF-8 bytes, a sequence whole', () => {
    expect(threadsLength('abc')).toBe(3);
    expect(threadsLength('😀')).toBe(4);
    expect(threadsLength('👨‍👩‍👧')).toBe(18);
    expect(threadsLength('🇯🇵')).toBe(8);
    expect(threadsLength('👍🏽')).toBe(8);
    expect(threadsLength('1️⃣')).toBe(7);
    expect(threadsLength('é日')).toBe(2);
    expect(threadsLength('e\u0301 a😀b')).toBe(9);
    expect(threadsLength('e\u0301')).toBe(2);
  });

  it('should count code points', () => {
    expect(codePointLength('😀😀')).toBe(2);
  });
});
