import { platformProblems } from '../platform-rules';
import { chunkRanges, chunkSizeFor } from './tiktok-chunks';

const images = (n: number) => Array.from({ length: n }, (_, i) => `https://e.x/${i}.jpg`);
const MIB = 1024 * 1024;

describe('TikTok request-time rules', () => {
  it('takes one video, or 1 to 35 photos, never text alone or both', () => {
    expect(platformProblems('tiktok', { videoUrl: 'https://e.x/v.mp4' })).toEqual([]);
    expect(platformProblems('tiktok', { imageUrls: images(35) })).toEqual([]);
    expect(platformProblems('tiktok', { imageUrls: images(36) })).toContain(
      'TikTok takes at most 35 images; the post has 36',
    );
    expect(platformProblems('tiktok', { text: 'just words' })).toEqual([
      'TikTok needs an image or a video',
    ]);
    expect(
      platformProblems('tiktok', { videoUrl: 'https://e.x/v.mp4', imageUrls: images(1) }),
    ).toContain('TikTok does not mix images and a video in one post');
    expect(
      platformProblems('tiktok', {
        videoUrl: 'https://e.x/v.mp4',
        mediaUrls: ['https://e.x/w.mp4'],
      }),
    ).toContain('TikTok takes at most 1 video; the post has 2');
  });

  it('allows a 2,200-character caption, not 2,201', () => {
    const video = { videoUrl: 'https://e.x/v.mp4' };
    expect(platformProblems('tiktok', { ...video, text: 'a'.repeat(2200) })).toEqual([]);
    expect(platformProblems('tiktok', { ...video, text: 'a'.repeat(2201) })).toEqual([
      'TikTok allows 2200 characters in a video caption; the text has 2201',
    ]);
  });

  it('allows a 4,000-character photo description, not 4,001', () => {
    const photos = { imageUrls: images(2) };
    expect(platformProblems('tiktok', { ...photos, text: 'a'.repeat(4000) })).toEqual([]);
    expect(platformProblems('tiktok', { ...photos, text: 'a'.repeat(4001) })).toEqual([
      'TikTok allows 4000 characters; the text has 4001',
    ]);
  });

  it('takes JPEG or WebP photos, not PNG or GIF', () => {
    expect(
      platformProblems('tiktok', { imageUrls: ['https://e.x/a.jpg', 'https://e.x/b.webp'] }),
    ).toEqual([]);
    expect(
      platformProblems('tiktok', { imageUrls: ['https://e.x/a.png'] }, undefined, undefined),
    ).toEqual(['TikTok takes JPEG or WebP photos only; the post has PNG']);
    expect(platformProblems('tiktok', { mediaIds: ['m1'] }, ['image'], ['image/gif'])).toEqual([
      'TikTok takes JPEG or WebP photos only; the post has GIF',
    ]);
  });
});

describe("TikTok's FILE_UPLOAD chunking", () => {
  it('sends files under 5 MB, or not above the chunk size, whole', () => {
    expect(chunkSizeFor(4 * MIB, 10 * MIB)).toBe(4 * MIB);
    expect(chunkSizeFor(10 * MIB, 10 * MIB)).toBe(10 * MIB);
    expect(chunkRanges(4 * MIB, 4 * MIB)).toEqual([{ first: 0, last: 4 * MIB - 1 }]);
  });

  it('makes floor(size / chunk) chunks, the last taking the remainder', () => {
    expect(chunkSizeFor(25 * MIB, 10 * MIB)).toBe(10 * MIB);
    expect(chunkRanges(25 * MIB, 10 * MIB)).toEqual([
      { first: 0, last: 10 * MIB - 1 },
      { first: 10 * MIB, last: 25 * MIB - 1 },
    ]);
  });

  it('grows the chunk so a file never needs more than 1,000 chunks', () => {
    const size = 4000 * 5 * MIB;
    const chunk = chunkSizeFor(size, 5 * MIB);
    expect(Math.floor(size / chunk)).toBeLessThanOrEqual(1000);
  });
});
