import { platformProblems } from './platform-rules';

describe('platformProblems', () => {
  it('should accept the reference examples', () => {
    expect(platformProblems('x', { text: 'Hello from the API!' })).toEqual([]);
    expect(platformProblems('threads', { text: 'Hello from the API!' })).toEqual([]);
    expect(
      platformProblems('instagram', {
        text: 'Check out this photo!',
        imageUrls: ['https://e.x/p.jpg'],
      }),
    ).toEqual([]);
    expect(platformProblems('tiktok', { videoUrl: 'https://e.x/v.mp4' })).toEqual([]);
    expect(
      platformProblems('youtube', { text: 'New video is live!', videoUrl: 'https://e.x/v.mp4' }),
    ).toEqual([]);
  });

  it('should count X text the weighted way', () => {
    expect(platformProblems('x', { text: 'a'.repeat(280) })).toEqual([]);
    expect(platformProblems('x', { text: '日'.repeat(141) })).toEqual([
      'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 282',
    ]);
  });

  it('should require media where the platform does', () => {
    expect(platformProblems('instagram', { text: 'hi' })).toEqual([
      'Instagram needs an image or a video',
    ]);
    expect(platformProblems('youtube', { text: 'hi', imageUrls: ['https://e.x/a.jpg'] })).toContain(
      'YouTube takes a video only, not images',
    );
  });

  it('should refuse an empty post', () => {
    expect(platformProblems('linkedin', {})).toEqual(['LinkedIn needs text or media']);
  });

  it('should enforce counts and mixing', () => {
    const five = Array.from({ length: 5 }, (_, i) => `https://e.x/${i}.jpg`);
    expect(platformProblems('x', { imageUrls: five })).toContain(
      'X takes at most 4 images; the post has 5',
    );
    expect(
      platformProblems('x', { imageUrls: [five[0]], videoUrl: 'https://e.x/v.mp4' }),
    ).toContain('X does not mix images and a video in one post');
  });
});
