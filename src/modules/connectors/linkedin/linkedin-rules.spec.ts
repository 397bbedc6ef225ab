import { platformProblems } from '../platform-rules';

const images = (n: number) => Array.from({ length: n }, (_, i) => `https://e.x/${i}.jpg`);

describe('LinkedIn request-time rules', () => {
  it('allows 3,000 characters, not 3,001', () => {
    expect(platformProblems('linkedin', { text: 'a'.repeat(3000) })).toEqual([]);
    expect(platformProblems('linkedin', { text: 'a'.repeat(3001) })).toEqual([
      'LinkedIn allows 3000 characters; the text has 3001',
    ]);
  });

  it('takes one image, 2 to 20 images, or one video, never both', () => {
    expect(platformProblems('linkedin', { imageUrls: images(1) })).toEqual([]);
    expect(platformProblems('linkedin', { imageUrls: images(20) })).toEqual([]);
    expect(platformProblems('linkedin', { imageUrls: images(21) })).toContain(
      'LinkedIn takes at most 20 images; the post has 21',
    );
    expect(platformProblems('linkedin', { videoUrl: 'https://e.x/v.mp4' })).toEqual([]);
    expect(
      platformProblems('linkedin', {
        videoUrl: 'https://e.x/v.mp4',
        mediaUrls: ['https://e.x/w.mp4'],
      }),
    ).toContain('LinkedIn takes at most 1 video; the post has 2');
    expect(
      platformProblems('linkedin', { videoUrl: 'https://e.x/v.mp4', imageUrls: images(2) }),
    ).toContain('LinkedIn does not mix images and a video in one post');
  });
});
