const RESERVED = /[\\|{}@[\]()<>#*_~]/g;
const HASHTAG = /(^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]+)/gu;

/**
 * Plain text as LinkedIn's "little text" commentary: every reserved character is escaped with a
 * backslash, except `#word`, which becomes hashtag markup (`{hashtag|\#|word}`) so it stays a
 * hashtag.
 */
export function toLittleText(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(HASHTAG)) {
    const start = match.index + match[1].length;
    parts.push(escape(text.slice(last, start)), `{hashtag|\\#|${escape(match[2])}}`);
    last = start + 1 + match[2].length;
  }
  parts.push(escape(text.slice(last)));
  return parts.join('');
}

function escape(text: string): string {
  return text.replace(RESERVED, (char) => `\\${char}`);
}
