import { platformProblems } from '../platform-rules';

describe('Threads request-time rules', () => {
  it('should take 500 characters, not 501', () => {
    expect(platformProblems('threads', { text: 'a'.repeat(500) })).toEqual([]);
    expect(platformProblems('threads', { text: 'a'.repeat(501) })).toEqual([
      'Threads allows 500 characters (emoji by UTF-8 bytes); the text has 501',
    ]);
  });

  it('should count an emoji as its UTF-8 bytes', () => {
    expect(platformProblems('threads', { text: `${'a'.repeat(496)}😀` })).toEqual([]);
    expect(platformProblems('threads', { text: `${'a'.repeat(497)}😀` })).toHaveLength(1);
  });

  it('should take a carousel of 20 items, not 21', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `https://e.x/${i}.jpg`);
    expect(platformProblems('threads', { imageUrls: items(20) })).toEqual([]);
    expect(platformProblems('threads', { imageUrls: items(21) })).toContain(
      'Threads takes at most 20 images; the post has 21',
    );
  });

  it('should need text or media', () => {
    expect(platformProblems('threads', {})).toEqual(['Threads needs text or media']);
  });
});
