import { platformProblems } from '../platform-rules';

describe('Snapchat request-time rules', () => {
  it('takes exactly one media item', () => {
    expect(platformProblems('snapchat', { videoUrl: 'https://e.x/v.mp4' })).toEqual([]);
    expect(platformProblems('snapchat', { imageUrls: ['https://e.x/a.jpg'] })).toEqual([]);
    expect(platformProblems('snapchat', { text: 'hi' })).toEqual([
      'Snapchat needs an image or a video',
    ]);
    expect(
      platformProblems('snapchat', { imageUrls: ['https://e.x/a.jpg', 'https://e.x/b.jpg'] }),
    ).toContain('Snapchat takes at most 1 image; the post has 2');
    expect(
      platformProblems('snapchat', {
        videoUrl: 'https://e.x/v.mp4',
        imageUrls: ['https://e.x/a.jpg'],
      }),
    ).toContain('Snapchat takes at most 1 media items; the post has 2');
  });

  it('puts a video only on Spotlight', () => {
    const spotlight = { options: { snapchat: { surface: 'spotlight' as const } } };
    expect(platformProblems('snapchat', { ...spotlight, videoUrl: 'https://e.x/v.mp4' })).toEqual(
      [],
    );
    expect(
      platformProblems('snapchat', { ...spotlight, imageUrls: ['https://e.x/a.jpg'] }),
    ).toEqual(['Snapchat Spotlight takes a video, not an image']);
  });

  it('allows a 160-character description, not 161', () => {
    const video = { videoUrl: 'https://e.x/v.mp4' };
    expect(platformProblems('snapchat', { ...video, text: 'a'.repeat(160) })).toEqual([]);
    expect(platformProblems('snapchat', { ...video, text: 'a'.repeat(161) })).toEqual([
      'Snapchat allows 160 characters; the text has 161',
    ]);
  });
});
