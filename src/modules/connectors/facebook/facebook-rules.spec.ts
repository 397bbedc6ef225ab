import { platformProblems } from '../platform-rules';

const photos = (n: number) => Array.from({ length: n }, (_, i) => `https://e.x/${i}.png`);

describe('Facebook Page request-time rules', () => {
  it('should take a 63,206-character message, not 63,207', () => {
    expect(platformProblems('facebook', { text: 'a'.repeat(63_206) })).toEqual([]);
    expect(platformProblems('facebook', { text: 'a'.repeat(63_207) })).toEqual([
      'Facebook allows 63206 characters; the text has 63207',
    ]);
  });

  it('should take 10 photos, not 11', () => {
    expect(platformProblems('facebook', { imageUrls: photos(10) })).toEqual([]);
    expect(platformProblems('facebook', { imageUrls: photos(11) })).toContain(
      'Facebook takes at most 10 images; the post has 11',
    );
  });

  it('should take 1 video, not 2, and no photos with it', () => {
    expect(platformProblems('facebook', { videoUrl: 'https://e.x/v.mp4' })).toEqual([]);
    expect(
      platformProblems('facebook', { mediaUrls: ['https://e.x/v.mp4', 'https://e.x/w.mp4'] }),
    ).toContain('Facebook takes at most 1 video; the post has 2');
    expect(
      platformProblems('facebook', { videoUrl: 'https://e.x/v.mp4', imageUrls: photos(1) }),
    ).toContain('Facebook does not mix images and a video in one post');
  });

  it('should need text or media', () => {
    expect(platformProblems('facebook', { text: ' ' })).toEqual(['Facebook needs text or media']);
  });
});
