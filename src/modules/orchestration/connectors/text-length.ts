import { parseTweet } from 'twitter-text';

/**
 * X's weighted length by `twitter-text`, the library X's counting page names: emoji
 * sequences (ZWJ families, flags, skin tones) weigh 2 as one emoji, CJK 2 per character, and every
 * URL, a bare domain like `example.com` too, 23.
 */
export function xWeightedLength(text: string): number {
  return parseTweet(text).weightedLength;
}

/** Threads counts emoji as their UTF-8 byte length; other characters count one each. */
export function threadsLength(text: string): number {
  let length = 0;
  for (const char of text) {
    length += /\p{Extended_Pictographic}/u.test(char) ? Buffer.byteLength(char) : 1;
  }
  return length;
}

/** Characters as users see them (code points, not UTF-16 units). */
export function codePointLength(text: string): number {
  return [...text].length;
}
