/**
 * Does a transcript look like song lyrics rather than speech? A documented heuristic, not a model:
 *
 * 1. Music markers decide at once: ♪ ♫ ♬ 🎵 🎶, or tags such as [Music], (instrumental),
 *    [Chorus], [Verse 2], [Bridge] (Whisper writes them for sung or instrumental passages).
 * 2. Otherwise the text is cut into lines (newlines, else sentence ends and commas), compared
 *    lowercased without punctuation. It needs at least MIN_LINES lines and two repeats (a line
 *    said twice, as a speaker's "thank you" at both ends, is not a song). It is lyrics when:
 *    - line repetition: at least 40% of the lines occur more than once (speech rarely repeats
 *      whole sentences; songs repeat hooks), or
 *    - a chorus: a run of 2+ consecutive lines comes back later, with 25%+ repeated lines, or
 *    - vocables: a filler sung three times in a row ("la la la", "oh, oh, oh", "yeah yeah yeah")
 *      with 20%+ repeated lines.
 */
const MARKERS =
  /[♪♫♬🎵🎶]|[[(]\s*(music|instrumental|chorus|pre-chorus|verse(\s*\d+)?|bridge|outro|intro|hook|singing)\s*[\])]/iu;
const VOCABLES = /\b(la|na|da|oh|ooh|whoa|yeah|hey|ah)\b(?:[\s,!.-]+\1\b){2,}/i;
const MIN_LINES = 4;
const MIN_REPEATS = 2;
const REPEATED_SHARE = 0.4;
const CHORUS_REPEATED_SHARE = 0.25;
const VOCABLES_REPEATED_SHARE = 0.2;

export function likelyLyrics(transcript: string): boolean {
  if (MARKERS.test(transcript)) {
    return true;
  }
  const lines = linesOf(transcript);
  if (lines.length < MIN_LINES || lines.length - new Set(lines).size < MIN_REPEATS) {
    return false;
  }
  const share = repeatedShare(lines);
  return (
    share >= REPEATED_SHARE ||
    (share >= CHORUS_REPEATED_SHARE && hasRepeatedRun(lines)) ||
    (share >= VOCABLES_REPEATED_SHARE && VOCABLES.test(transcript))
  );
}

function linesOf(text: string): string[] {
  const pieces = text.includes('\n') ? text.split('\n') : text.split(/[.!?,;]+/);
  return pieces
    .map((line) =>
      line
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s']/gu, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => line !== '');
}

function repeatedShare(lines: string[]): number {
  const counts = new Map<string, number>();
  for (const line of lines) {
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return lines.filter((line) => counts.get(line)! > 1).length / lines.length;
}

/** Two consecutive lines that appear again, in order, later on. */
function hasRepeatedRun(lines: string[]): boolean {
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    const pair = `${lines[i]}\u0000${lines[i + 1]}`;
    const first = pairs.get(pair);
    if (first !== undefined && i >= first + 2) {
      return true;
    }
    if (first === undefined) {
      pairs.set(pair, i);
    }
  }
  return false;
}
