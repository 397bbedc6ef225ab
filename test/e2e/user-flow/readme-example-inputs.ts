import type { MediaOrigin } from '../../fakes/media-origin';
import { gif, jpeg, mp4, png } from '../../fakes/media-samples';

/** The parts of a POST /v1/posts body the README examples' outcomes are checked against. */
export interface PostContent {
  text?: string;
  platform?: unknown;
  imageUrls?: string[];
  videoUrl?: string;
  mediaIds?: string[];
  mediaUrls?: string[];
  thread?: PostContent[];
  threadFallback?: string;
  firstComment?: PostContent;
  platformOverrides?: Record<string, PostContent>;
}

export interface SentPost {
  post?: { content?: PostContent };
  scheduledTime?: string | null;
}

/** The README's example media hosts: example.com, cdn.example, cdn.example.com. */
const EXAMPLE_HOST = /^([\w-]+\.)?example(\.com)?$/;
const MEDIA_FIELDS = new Set(['imageUrls', 'videoUrl', 'mediaUrls']);
/** What the origin serves for each extension: a 4:5 JPEG passes every platform's image rules. */
const SAMPLES: Record<string, () => Buffer> = {
  jpg: () => jpeg(1080, 1350),
  jpeg: () => jpeg(1080, 1350),
  png: () => png(1200, 630),
  gif: () => gif(480, 480),
  mp4: () => mp4(12.5),
};

/**
 * The body with each example media URL (in a media field, at any depth) moved to the local
 * origin, which then serves a file of that type: links in texts stay as written.
 */
export function localMedia<T>(body: T, origin: MediaOrigin, field = ''): T {
  if (typeof body === 'string' && MEDIA_FIELDS.has(field)) {
    const url = new URL(body);
    if (!EXAMPLE_HOST.test(url.hostname)) {
      return body;
    }
    const sample = SAMPLES[url.pathname.split('.').pop()!.toLowerCase()];
    if (!sample) {
      throw new Error(`no sample media for ${body}: add its extension to SAMPLES`);
    }
    origin.serve(url.pathname, sample());
    return origin.url(url.pathname) as T;
  }
  if (Array.isArray(body)) {
    return body.map((item) => localMedia(item, origin, field)) as T;
  }
  if (body && typeof body === 'object') {
    const entries = Object.entries(body).map(([key, value]) => [
      key,
      localMedia(value, origin, key),
    ]);
    return Object.fromEntries(entries) as T;
  }
  return body;
}

/**
 * A fixed date in an example (`"scheduledTime": "2026-12-08T09:30:00Z"`) goes stale once that
 * day has passed: it is moved on by whole days, keeping its time of day, until it is ahead.
 */
export function onSchedule<T>(body: T): T {
  const scheduled = (body as SentPost | null)?.scheduledTime;
  if (typeof scheduled !== 'string') {
    return body;
  }
  let at = new Date(scheduled).getTime();
  while (at < Date.now() + 120_000) {
    at += 86_400_000;
  }
  return { ...body, scheduledTime: new Date(at).toISOString().replace('.000Z', 'Z') };
}

/** A value for each column the README documents for the CSV import: a row now, one tomorrow. */
function rowValues(origin: MediaOrigin): Record<string, [string, string]> {
  origin.serve('/bulk.jpg', jpeg(1080, 1350));
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  return {
    text: ['From a spreadsheet, with a comma and "quotes"', 'Tomorrow, from the same file'],
    platforms: ['x|threads', 'linkedin'],
    accountIds: ['sandbox_x|', ''],
    scheduledTime: ['', tomorrow],
    imageUrls: [origin.url('/bulk.jpg'), ''],
    videoUrl: ['', ''],
    firstComment: ['More in the comments', ''],
    rowKey: ['readme-bulk-1', 'readme-bulk-2'],
  };
}

const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;

const codeNames = (text: string) => [...text.matchAll(/`(\w+)`/g)].map((match) => match[1]);

/** The README's list of the CSV columns of POST /v1/posts/bulk. */
function importColumns(readme: string): string[] {
  const list = /naming its columns, in any\s+order:([\s\S]+?)\.\s/.exec(readme);
  if (!list) {
    throw new Error('the README no longer lists the CSV columns of POST /v1/posts/bulk');
  }
  return codeNames(list[1]);
}

/** The export's columns as the README gives them: the import's, but those named, plus its own. */
export function exportColumns(readme: string): string[] {
  const said = /with the import's\s+columns( \(but [^)]*\))?\s+plus ([\s\S]+?) \(one/.exec(readme);
  if (!said) {
    throw new Error('the README no longer says which columns GET /v1/posts/export writes');
  }
  const left = codeNames(said[1] ?? '');
  return [
    ...importColumns(readme).filter((column) => !left.includes(column)),
    ...codeNames(said[2]),
  ];
}

/** One CSV record, every cell quoted (RFC 4180). */
export const csvRecord = (cells: string[]) => cells.map(cell).join(',');

/** posts.csv for `--data-binary @posts.csv`: the header is the README's list of columns. */
export function csvFromReadme(readme: string, origin: MediaOrigin): string {
  const columns = importColumns(readme);
  const values = rowValues(origin);
  const unknown = columns.filter((column) => !values[column]);
  if (unknown.length > 0) {
    throw new Error(
      `the README documents CSV columns this suite fills nothing in: ${unknown.join(', ')}`,
    );
  }
  const rows = [0, 1].map((row) => csvRecord(columns.map((column) => values[column][row])));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}
