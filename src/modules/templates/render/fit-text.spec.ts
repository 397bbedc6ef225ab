import { fitFontSize, linesAt } from './fit-text';

const box = { width: 1000, height: 300, max: 80, min: 20, lineHeight: 1.2 };

describe('fitFontSize', () => {
  it('should keep short text at the largest size', () => {
    expect(fitFontSize('Hello', box)).toBe(80);
  });

  it('should shrink as text grows, never below the minimum', () => {
    const sizes = [50, 200, 800, 5000].map((n) => fitFontSize('word '.repeat(n / 5), box));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(sizes[3]).toBe(20);
  });

  it('should count CJK characters as wider than Latin ones', () => {
    expect(linesAt('日'.repeat(100), 40, 0.56, 1000)).toBeGreaterThan(
      linesAt('a'.repeat(100), 40, 0.56, 1000),
    );
  });

  it('should break a word wider than the box', () => {
    expect(linesAt('x'.repeat(200), 40, 0.5, 1000)).toBe(4);
  });
});
