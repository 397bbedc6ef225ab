/**
 * The CSV column set of POST /v1/posts/bulk and GET /v1/posts/export. A cell holding a list
 * (platforms, accountIds, imageUrls, and the export's per-run columns) separates its items with
 * `|`: a URL cannot hold a bare `|` (RFC 3986 section 2 leaves it out), while `;` and `,` are
 * common in URLs and text.
 */
export const LIST_SEPARATOR = '|';

/** What an import reads, each with the field of a v1 body it fills. */
export const IMPORT_COLUMNS = {
  text: 'post.content.text',
  platforms: 'post.content.platform',
  accountIds: 'post.content.platform',
  scheduledTime: 'scheduledTime',
  imageUrls: 'post.content.imageUrls',
  videoUrl: 'post.content.videoUrl',
  firstComment: 'post.content.firstComment',
  rowKey: 'rowKey',
} as const;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;

/** What an export adds; an import skips them, so an exported file imports as it is. */
export const EXPORT_ONLY_COLUMNS = [
  'postId',
  'createdAt',
  'status',
  'outcome',
  'runStatuses',
  'platformPostIds',
  'urls',
  'errorCodes',
] as const;

/** The export's columns, in file order. */
export const EXPORT_COLUMNS = [
  'postId',
  'createdAt',
  'status',
  'outcome',
  'text',
  'platforms',
  'accountIds',
  'scheduledTime',
  'imageUrls',
  'videoUrl',
  'firstComment',
  'runStatuses',
  'platformPostIds',
  'urls',
  'errorCodes',
] as const;

export function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item, i, all) => item !== '' || all.length > 1);
}

/** The CSV column a problem at `field` (a v1 body path) is about, for row errors. */
export function columnOf(field: string): ImportColumn | undefined {
  if (/^post\.content\.platform\[\d+\]\.accountId/.test(field)) {
    return 'accountIds';
  }
  const match = (Object.entries(IMPORT_COLUMNS) as [ImportColumn, string][]).find(
    ([, path]) => field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`),
  );
  return match?.[0];
}
