import {
  effectiveContent,
  importsRemoteMedia,
  ownMediaIds,
  partMediaIds,
  runMediaIds,
  storedMediaSources,
} from './platform-overrides';
import type { PostContent } from './post-content';
import type { PostPartsContent } from './post-parts';

const content: PostContent = {
  text: 'base',
  imageUrls: ['https://a/1.jpg', 'https://a/2.jpg'],
  mediaIds: ['m1'],
  options: { youtube: { title: 't' } },
  platformOverrides: {
    x: { text: 'for x' },
    threads: { imageUrls: ['https://a/2.jpg', 'https://a/3.jpg'], mediaIds: ['m2'] },
    instagram: { videoUrl: 'https://a/v.mp4' },
  },
};

describe('effectiveContent', () => {
  it('leaves a platform without an override on the post content, overrides removed', () => {
    const { platformOverrides, ...base } = content;
    expect(platformOverrides).toBeDefined();
    expect(effectiveContent(content, 'facebook')).toEqual(base);
  });

  it('replaces only the text when the override names only the text', () => {
    expect(effectiveContent(content, 'x')).toEqual({
      text: 'for x',
      imageUrls: ['https://a/1.jpg', 'https://a/2.jpg'],
      mediaIds: ['m1'],
      options: { youtube: { title: 't' } },
    });
  });

  it('replaces all the media when the override names any media field', () => {
    expect(effectiveContent(content, 'instagram')).toEqual({
      text: 'base',
      videoUrl: 'https://a/v.mp4',
      options: { youtube: { title: 't' } },
    });
  });
});

describe('stored media of a submission with overrides', () => {
  it('keeps the post order first, then each new URL or id once, platforms by name', () => {
    expect(storedMediaSources(content)).toEqual([
      { url: 'https://a/1.jpg' },
      { url: 'https://a/2.jpg' },
      { mediaId: 'm1' },
      { url: 'https://a/v.mp4' },
      { url: 'https://a/3.jpg' },
      { mediaId: 'm2' },
    ]);
    expect(ownMediaIds(content)).toEqual(['m1', 'm2']);
    expect(importsRemoteMedia({ mediaIds: ['m1'], platformOverrides: { x: {} } })).toBe(false);
    expect(
      importsRemoteMedia({ mediaIds: ['m1'], platformOverrides: { x: { videoUrl: 'https://v' } } }),
    ).toBe(true);
  });

  it('gives each run its effective media from the stored copies', () => {
    const stored = ['s1', 's2', 'm1', 'sv', 's3', 'm2'];
    expect(runMediaIds(content, 'facebook', stored)).toEqual(['s1', 's2', 'm1']);
    expect(runMediaIds(content, 'x', stored)).toEqual(['s1', 's2', 'm1']);
    expect(runMediaIds(content, 'threads', stored)).toEqual(['s2', 's3', 'm2']);
    expect(runMediaIds(content, 'instagram', stored)).toEqual(['sv']);
  });

  it('passes a plain post and a missing import through unchanged', () => {
    const plain: PostContent = { imageUrls: ['https://a/1.jpg', 'https://a/1.jpg'] };
    expect(runMediaIds(plain, 'x', ['s1', 's1b'])).toEqual(['s1', 's1b']);
    expect(runMediaIds(content, 'threads', [])).toEqual([]);
  });
});

describe('stored media of a submission with media in its parts', () => {
  const withParts: PostContent & PostPartsContent = {
    imageUrls: ['https://a/1.jpg'],
    platformOverrides: { threads: { mediaIds: ['m2'] } },
    thread: [
      { text: 'two', mediaIds: ['m1'] },
      { text: 'three', imageUrls: ['https://a/1.jpg', 'https://a/4.jpg'], mediaIds: ['m3'] },
    ],
    firstComment: { text: 'c', mediaIds: ['m2'] },
  };

  it('lays the parts media out after the overrides, each URL and id once', () => {
    expect(storedMediaSources(withParts)).toEqual([
      { url: 'https://a/1.jpg' },
      { mediaId: 'm2' },
      { mediaId: 'm1' },
      { url: 'https://a/4.jpg' },
      { mediaId: 'm3' },
    ]);
    expect(ownMediaIds(withParts)).toEqual(['m2', 'm1', 'm3']);
    expect(
      importsRemoteMedia({ thread: [{ text: 't', imageUrls: ['https://a'] }] } as PostContent &
        PostPartsContent),
    ).toBe(true);
  });

  it('gives each part its own stored media, and the runs theirs as before', () => {
    const stored = ['s1', 'm2', 'm1', 's4', 'm3'];
    const [two, three] = withParts.thread!;
    expect(partMediaIds(withParts, two, stored)).toEqual(['m1']);
    expect(partMediaIds(withParts, three, stored)).toEqual(['s1', 's4', 'm3']);
    expect(partMediaIds(withParts, withParts.firstComment!, stored)).toEqual(['m2']);
    expect(partMediaIds(withParts, three, [])).toEqual([]);
    expect(runMediaIds(withParts, 'x', stored)).toEqual(['s1']);
    expect(runMediaIds(withParts, 'threads', stored)).toEqual(['m2']);
  });
});
