import type { PostView } from '../../publishing';
import { EXPORT_COLUMNS, LIST_SEPARATOR } from './csv-columns';

/** How one export format frames its posts: what starts the file, each post, what ends it. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  start: string;
  post(post: PostView, index: number): string;
  end: string;
}

const CRLF = '\r\n';

/** RFC 4180 section 2: a cell with a comma, a quote or a line break is quoted, quotes doubled. */
function cell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const list = (items: (string | null | undefined)[]): string =>
  items.map((item) => item ?? '').join(LIST_SEPARATOR);

/** A post as one CSV record: the import's columns (so the file imports again) and its runs. */
function csvRecord(post: PostView): string {
  const content = post.content as {
    text?: string;
    imageUrls?: string[];
    videoUrl?: string;
    firstComment?: { text?: string };
  };
  const { runs } = post;
  const values: Record<(typeof EXPORT_COLUMNS)[number], string> = {
    postId: post.id,
    createdAt: post.createdAt,
    status: post.status,
    outcome: post.outcome,
    text: content.text ?? '',
    platforms: list(runs.map((run) => run.platform)),
    accountIds: list(runs.map((run) => run.accountId)),
    scheduledTime: post.scheduledTime,
    imageUrls: list(content.imageUrls ?? []),
    videoUrl: content.videoUrl ?? '',
    firstComment: content.firstComment?.text ?? '',
    runStatuses: list(runs.map((run) => run.status)),
    platformPostIds: list(runs.map((run) => run.platformPostId)),
    urls: list(runs.map((run) => run.url)),
    errorCodes: list(runs.map((run) => run.error?.code)),
  };
  return EXPORT_COLUMNS.map((column) => cell(values[column])).join(',') + CRLF;
}

export const EXPORT_FORMAT: Record<'csv' | 'json', ExportFormat> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    // The BOM tells spreadsheets the file is UTF-8; the import skips it.
    start: `\ufeff${EXPORT_COLUMNS.join(',')}${CRLF}`,
    post: csvRecord,
    end: '',
  },
  json: {
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    start: '[',
    post: (post, index) => `${index === 0 ? '' : ','}\n${JSON.stringify(post)}`,
    end: '\n]\n',
  },
};
