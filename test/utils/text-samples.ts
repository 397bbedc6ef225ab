/** Texts where the platforms' length rules part ways: URLs, emoji sequences, CJK, combining marks. */
export const COUNTING_SAMPLES = [
  'Plain ASCII text',
  'Read https://example.com/a/very/long/path?with=query and example.org too',
  'Family 👨‍👩‍👧, flag 🇯🇵, thumbs 👍🏽, keycap 1️⃣',
  '日本語のテキストと한국어 텍스트',
  'e\u0301 a\u0308 combining marks: Z\u0351\u0358a\u0360l\u0367g\u0368o',
  'x'.repeat(281),
];
