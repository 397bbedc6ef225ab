import { platformProblems } from '../platform-rules';

const jpegs = (n: number) => Array.from({ length: n }, (_, i) => `https://e.x/${i}.jpg`);

describe('Instagram request-time rules', () => {
  it('should require media', () => {
    expect(platformProblems('instagram', { text: 'hi' })).toEqual([
      'Instagram needs an image or a video',
    ]);
    expect(platformProblems('instagram', { imageUrls: jpegs(1) })).toEqual([]);
  });

  it('should take a 2,200-character caption, not 2,201', () => {
    expect(platformProblems('instagram', { text: 'é'.repeat(2200), imageUrls: jpegs(1) })).toEqual(
      [],
    );
    expect(platformProblems('instagram', { text: 'é'.repeat(2201), imageUrls: jpegs(1) })).toEqual([
      'Instagram allows 2200 characters; the text has 2201',
    ]);
  });

  it('should take a carousel of 10 items, images and videos mixed, not 11', () => {
    const mixed = [...jpegs(9), 'https://e.x/v.mp4'];
    expect(platformProblems('instagram', { mediaUrls: mixed })).toEqual([]);
    expect(platformProblems('instagram', { mediaUrls: [...mixed, 'https://e.x/w.mp4'] })).toContain(
      'Instagram takes at most 10 media items; the post has 11',
    );
  });

  it('should take JPEG images only, by URL extension or stored type', () => {
    expect(platformProblems('instagram', { imageUrls: ['https://e.x/a.jpeg?w=1'] })).toEqual([]);
    expect(platformProblems('instagram', { imageUrls: ['https://e.x/a.png'] })).toEqual([
      'Instagram takes JPEG images only; the post has PNG',
    ]);
    expect(platformProblems('instagram', { mediaIds: ['a'] }, ['image'], ['image/jpeg'])).toEqual(
      [],
    );
    expect(platformProblems('instagram', { mediaIds: ['a'] }, ['image'], ['image/webp'])).toEqual([
      'Instagram takes JPEG images only; the post has WEBP',
    ]);
  });

  it('should take 30 hashtags and 20 mentions, not 31 or 21', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(' ');
    const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@u${i}`).join(' ');
    const imageUrls = jpegs(1);
    expect(platformProblems('instagram', { text: tags(30), imageUrls })).toEqual([]);
    expect(platformProblems('instagram', { text: tags(31), imageUrls })).toEqual([
      'Instagram allows 30 hashtags; the caption has 31',
    ]);
    expect(platformProblems('instagram', { text: mentions(20), imageUrls })).toEqual([]);
    expect(platformProblems('instagram', { text: mentions(21), imageUrls })).toEqual([
      'Instagram allows 20 @mentions; the caption has 21',
    ]);
  });
});
