const URL = /https?:\/\/[^\s]+/gi;
const T_CO_LENGTH = 23;

/**
 * X's weighted length (twitter-text v3): NFC-normalised; code points in the Latin and general
 * punctuation ranges weigh 1, everything else (CJK, emoji) 2; every URL weighs 23.
 */
export function xWeightedLength(text: string): number {
  let length = 0;
  const withoutUrls = text.normalize('NFC').replace(URL, () => {
    length += T_CO_LENGTH;
    return '';
  });
  for (const char of withoutUrls) {
    const cp = char.codePointAt(0)!;
    const light =
      cp <= 0x10ff ||
      (cp >= 0x2000 && cp <= 0x200d) ||
      (cp >= 0x2010 && cp <= 0x201f) ||
      (cp >= 0x2032 && cp <= 0x2037);
    length += light ? 1 : 2;
  }
  return length;
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
