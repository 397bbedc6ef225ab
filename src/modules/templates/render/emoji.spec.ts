import { EmojiImages, twemojiNames } from './emoji';

describe('twemojiNames', () => {
  it('should drop U+FE0F outside ZWJ sequences and keep it inside them', () => {
    expect(twemojiNames('\u2764\ufe0f')[0]).toBe('2764');
    expect(twemojiNames('👩‍💻')[0]).toBe('1f469-200d-1f4bb');
  });
});

describe('EmojiImages', () => {
  it('should return an SVG data URI for a known emoji and nothing for plain text', () => {
    const emoji = new EmojiImages();
    expect(emoji.dataUri('🚀')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(emoji.dataUri('a')).toBeUndefined();
  });

  it('should keep only graphemes Twemoji draws, however many others a text holds', () => {
    const emoji = new EmojiImages();
    for (let i = 0; i < 500; i++) {
      expect(emoji.dataUri(`👩\u200d${String.fromCodePoint(0x4e00 + i)}`)).toBeUndefined();
    }
    emoji.dataUri('🚀');
    emoji.dataUri('🚀');
    expect(emoji.size).toBe(1);
  });
});
