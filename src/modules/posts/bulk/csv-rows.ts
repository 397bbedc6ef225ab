import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { type FieldProblem, ValidationFailedError } from '../../../common/errors';
import { EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, type ImportColumn, splitList } from './csv-columns';

/** One CSV record as a v1 body (plus its rowKey), where it starts, and what the CSV got wrong. */
export interface CsvRow {
  body: Record<string, unknown>;
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  /** Problems no v1 body can show, at paths relative to the row (`post.content.platform`). */
  problems: (FieldProblem & { column: ImportColumn })[];
}

const KNOWN = new Set<string>([...Object.keys(IMPORT_COLUMNS), ...EXPORT_ONLY_COLUMNS]);

function refused(message: string, code = 'invalid_csv'): ValidationFailedError {
  return new ValidationFailedError([{ field: 'body', message, code }], message);
}

/**
 * RFC 4180 CSV with a header row: a BOM, CRLF or LF, quoted fields holding commas, quotes and
 * line breaks. Columns are matched by name, in any order; unknown names are refused so a typo
 * is not silently dropped. A record with the wrong number of cells is that row's problem only.
 */
export function csvRows(text: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Either line ending, even mixed in one file (the parser would keep to the first it sees).
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      throw refused(`Malformed CSV: ${error.message}`);
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header) {
    throw refused('The CSV is empty: it needs a header row naming its columns', 'too_small');
  }
  const names = header.record.map((name) => name.trim());
  const unknown = names.filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw refused(
      `Unknown column ${unknown.map((name) => `"${name}"`).join(', ')}; the columns are ${Object.keys(IMPORT_COLUMNS).join(', ')}`,
    );
  }
  let previousEnd = header.info.lines;
  let previousEmpty = header.info.empty_lines;
  return data.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    const cells = new Map<string, string>();
    names.forEach((name, i) => record[i]?.trim() && cells.set(name, record[i].trim()));
    const row = toBody(cells);
    if (record.length !== names.length) {
      row.problems.unshift({
        field: 'body',
        // The first missing cell, or the last column when there are too many.
        column: names[Math.min(record.length, names.length - 1)] as ImportColumn,
        message: `Expected ${names.length} cells as in the header, found ${record.length}`,
        code: 'invalid_csv',
      });
    }
    return { ...row, line };
  });
}

function toBody(cells: Map<string, string>): Omit<CsvRow, 'line'> {
  const problems: CsvRow['problems'] = [];
  const platforms = cells.has('platforms') ? splitList(cells.get('platforms')!) : undefined;
  const accountIds = cells.has('accountIds') ? splitList(cells.get('accountIds')!) : undefined;
  if (accountIds && platforms && accountIds.length !== platforms.length) {
    problems.push({
      field: 'post.content.platform',
      column: 'accountIds',
      message: `Expected one account id per platform (${platforms.length} platforms, ${accountIds.length} account ids); leave an entry empty for a platform's only account`,
      code: 'custom',
    });
  }
  const content: Record<string, unknown> = {
    text: cells.get('text'),
    platform: platforms?.map((platform, i) =>
      accountIds?.[i] ? { platform, accountId: accountIds[i] } : platform,
    ),
    imageUrls: cells.has('imageUrls') ? splitList(cells.get('imageUrls')!) : undefined,
    videoUrl: cells.get('videoUrl'),
    firstComment: cells.has('firstComment') ? { text: cells.get('firstComment') } : undefined,
  };
  const body: Record<string, unknown> = {
    post: { content: withoutUndefined(content) },
    scheduledTime: cells.get('scheduledTime'),
    rowKey: cells.get('rowKey'),
  };
  return { body: withoutUndefined(body), problems };
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
