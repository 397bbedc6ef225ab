import { codePointLength, threadsLength, xWeightedLength } from './text-length';

describe('text lengths', () => {
  it('should weigh X text the twitter-text way', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('日本')).toBe(4);
    expect(xWeightedLength('hi 😀')).toBe(5);
    expect(xWeightedLength('see https://example.com/a/very/long/path?x=1 now')).toBe(4 + 23 + 4);
    expect(xWeightedLength('a'.repeat(280))).toBe(280);
  });

  it('should count Threads emoji by UTF-8 bytes', () => {
    expect(threadsLength('abc')).toBe(3);
    expect(threadsLength('😀')).toBe(4);
  });

  it('should count code points', () => {
    expect(codePointLength('😀😀')).toBe(2);
  });
});
