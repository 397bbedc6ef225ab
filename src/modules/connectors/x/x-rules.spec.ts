import { platformProblems } from '../platform-rules';

const images = (n: number, ext = 'jpg') =>
  Array.from({ length: n }, (_, i) => `https://e.x/${i}.${ext}`);

describe('X request-time rules', () => {
  it('should weigh text: 280 at the limit, 281 past it', () => {
    expect(platformProblems('x', { text: 'a'.repeat(280) })).toEqual([]);
    expect(platformProblems('x', { text: 'a'.repeat(281) })).toEqual([
      'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 281',
    ]);
  });

  it('should count a URL as 23, and emoji and CJK as 2', () => {
    const url = 'https://example.com/' + 'p'.repeat(100);
    expect(platformProblems('x', { text: `${'a'.repeat(256)} ${url}` })).toEqual([]);
    expect(platformProblems('x', { text: `${'a'.repeat(257)} ${url}` })).toHaveLength(1);
    expect(platformProblems('x', { text: '😀'.repeat(140) })).toEqual([]);
    expect(platformProblems('x', { text: `${'😀'.repeat(140)}a` })).toHaveLength(1);
    expect(platformProblems('x', { text: '日'.repeat(140) })).toEqual([]);
    expect(platformProblems('x', { text: '日'.repeat(141) })).toHaveLength(1);
  });

  it('should take 4 images, not 5', () => {
    expect(platformProblems('x', { imageUrls: images(4) })).toEqual([]);
    expect(platformProblems('x', { imageUrls: images(5) })).toContain(
      'X takes at most 4 images; the post has 5',
    );
  });

  it('should take 1 video, not 2', () => {
    expect(platformProblems('x', { mediaUrls: ['https://e.x/a.mp4'] })).toEqual([]);
    expect(
      platformProblems('x', { mediaUrls: ['https://e.x/a.mp4', 'https://e.x/b.mp4'] }),
    ).toContain('X takes at most 1 video; the post has 2');
  });

  it('should take 1 GIF alone, not with another image', () => {
    expect(platformProblems('x', { imageUrls: images(1, 'gif') })).toEqual([]);
    expect(
      platformProblems('x', { imageUrls: [...images(1, 'gif'), 'https://e.x/b.png'] }),
    ).toEqual([
      'X takes one GIF on its own, without other images or a video; the post has 2 media items',
    ]);
    expect(
      platformProblems(
        'x',
        { text: 'hi', mediaIds: ['a', 'b'] },
        ['image', 'image'],
        ['image/gif', 'image/jpeg'],
      ),
    ).toHaveLength(1);
  });

  it('should not mix images and a video', () => {
    expect(
      platformProblems('x', { imageUrls: images(1), videoUrl: 'https://e.x/v.mp4' }),
    ).toContain('X does not mix images and a video in one post');
  });
});
