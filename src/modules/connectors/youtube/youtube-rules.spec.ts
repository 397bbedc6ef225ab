import { platformProblems } from '../platform-rules';
import { youtubeTitle, youtubeVideoResource } from './youtube-metadata';

const video = { videoUrl: 'https://e.x/v.mp4' };

describe('YouTube request-time rules', () => {
  it('takes exactly one video and no images', () => {
    expect(platformProblems('youtube', { ...video, text: 'Hi' })).toEqual([]);
    expect(platformProblems('youtube', { text: 'Hi' })).toEqual(['YouTube needs a video']);
    expect(
      platformProblems('youtube', { ...video, text: 'Hi', mediaUrls: ['https://e.x/w.mp4'] }),
    ).toContain('YouTube takes at most 1 video; the post has 2');
    expect(platformProblems('youtube', { text: 'Hi', imageUrls: ['https://e.x/a.jpg'] })).toContain(
      'YouTube takes a video only, not images',
    );
  });

  it('needs a title: the option, or the text to make one from', () => {
    expect(platformProblems('youtube', video)).toEqual([
      'YouTube needs a title: give the post text or set post.content.options.youtube.title',
    ]);
    expect(
      platformProblems('youtube', { ...video, options: { youtube: { title: 'Chosen' } } }),
    ).toEqual([]);
  });

  it('allows a description of 5,000 bytes, not 5,001', () => {
    expect(platformProblems('youtube', { ...video, text: 'a'.repeat(5000) })).toEqual([]);
    expect(platformProblems('youtube', { ...video, text: 'a'.repeat(5001) })).toEqual([
      'YouTube allows 5000 bytes; the text has 5001',
    ]);
  });

  it('refuses < and > in the text, which becomes the description, naming the field', () => {
    expect(platformProblems('youtube', { ...video, text: 'Launch -> today <3' })).toEqual([
      'YouTube does not allow < or > in a video description: remove them from post.content.text',
    ]);
    expect(platformProblems('youtube', { ...video, text: 'Launch → today ♥' })).toEqual([]);
  });

  it('makes the default title from the first line: without < >, at most 100 characters', () => {
    expect(youtubeTitle({ text: '\n  <b>Big</b> news  \nmore' })).toBe('bBig/b news');
    expect([...youtubeTitle({ text: '🎬'.repeat(150) })]).toHaveLength(100);
    expect(youtubeTitle({ text: 'x', options: { youtube: { title: 'Mine' } } })).toBe('Mine');
  });

  it('defaults to public, not made for kids', () => {
    expect(youtubeVideoResource({ text: 'Hello' })).toEqual({
      snippet: { title: 'Hello', description: 'Hello' },
      status: { privacyStatus: 'public', selfDeclaredMadeForKids: false },
    });
  });
});
