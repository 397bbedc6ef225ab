import { parseTweet } from 'twitter-text';

/**
 * X's weighted length by `twitter-text`, the library X's counting page names: emoji
 * sequences (ZWJ families, flags, skin tones) weigh 2 as one emoji, CJK 2 per character, and every
 * URL, a bare domain like `example.com` too, 23.
 */
export function xWeightedLength(text: string): number {
  return parseTweet(text).weightedLength;
}

/** A grapheme that is an emoji: a pictograph, a flag (regional indicators) or a keycap. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Threads: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8
 * bytes." (https://developers.facebook.com/documentation/threads/posts, "Limitations"). An emoji
 * is taken whole, joiners and modifiers included (👨‍👩‍👧 is 18 bytes); other text counts per
 * code point.
 */
export function threadsLength(text: string): number {
  // Text with no emoji counts its code points: the grapheme walk only matters around emoji.
  if (!EMOJI.test(text)) {
    return codePointLength(text);
  }
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    length += EMOJI.test(segment) ? utf8Length(segment) : [...segment].length;
  }
  return length;
}

/** Characters as users see them (code points, not UTF-16 units). */
export function codePointLength(text: string): number {
  return [...text].length;
}

const utf8 = new TextEncoder();

/**
 * UTF-8 bytes, with TextEncoder rather than Buffer: the console runs these rules in the browser
 * (console-text-length.ts), where Buffer does not exist.
 */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
