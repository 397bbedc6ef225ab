import { Injectable } from '@nestjs/common';
import type { Scope } from '../../../common/auth/route-auth';
import { ErrorCode, ValidationFailedError } from '../../../common/errors';
import { RowKeys } from '../../idempotency';
import { type BatchPost, SubmissionBatches } from '../../publishing';
import { runsOf } from '../post-planner';
import { type BulkRow, BulkRowCheck, type RowVerdict } from './bulk-row-check';
import { type BulkResultDto, type BulkRowResultDto, MAX_BULK_ROWS } from './bulk.dto';
import { csvRows } from './csv-rows';

/** The row keys' own endpoint: apart from the request keys of POST /v1/posts/bulk itself. */
const ROW_KEYS_ENDPOINT = 'POST /v1/posts/bulk rows';
/** Rows created per transaction: big enough for multi-row inserts, small enough to hold no lock long. */
export const BULK_CHUNK = 100;

type ValidRow = BulkRow & Extract<RowVerdict, { valid: true }>;

/**
 * POST /v1/posts/bulk: every row checked as POST /v1/posts checks a body, the valid ones created
 * a chunk per transaction, each under its own idempotency key, so one bad row fails only itself
 * and a retried request answers the ids it created the first time.
 */
@Injectable()
export class PostsBulkService {
  constructor(
    private readonly rows: BulkRowCheck,
    private readonly batches: SubmissionBatches,
    private readonly rowKeys: RowKeys,
  ) {}

  /** The rows of a request body: a JSON array of v1 bodies, or CSV text. */
  rowsOf(payload: unknown): BulkRow[] {
    const rows: BulkRow[] =
      typeof payload === 'string'
        ? csvRows(payload).map((row, index) => ({ index, raw: row.body, csv: row }))
        : Array.isArray(payload)
          ? payload.map((raw: unknown, index) => ({ index, raw }))
          : refuse('Expected a JSON array of POST /v1/posts bodies, or text/csv', 'invalid_type');
    if (rows.length === 0) {
      refuse('A bulk request needs at least one post', 'too_small');
    }
    if (rows.length > MAX_BULK_ROWS) {
      refuse(
        `A bulk request takes at most ${MAX_BULK_ROWS} posts (received ${rows.length}); split the file`,
        'too_big',
      );
    }
    return rows;
  }

  /** `requestKey` is the request's Idempotency-Key (sent or derived): rows without rowKey use it. */
  async create(scope: Scope, requestKey: string, rows: BulkRow[]): Promise<BulkResultDto> {
    const results: BulkRowResultDto[] = [];
    for (let start = 0; start < rows.length; start += BULK_CHUNK) {
      results.push(...(await this.chunk(scope, requestKey, rows.slice(start, start + BULK_CHUNK))));
    }
    const created = results.filter((r) => r.status === 'created').length;
    return { created, invalid: results.length - created, results };
  }

  private async chunk(
    scope: Scope,
    requestKey: string,
    rows: BulkRow[],
  ): Promise<BulkRowResultDto[]> {
    const results = new Map<number, BulkRowResultDto>();
    const valid: ValidRow[] = [];
    for (const row of rows) {
      const verdict = await this.rows.check(scope, row);
      if (verdict.valid) {
        valid.push({ ...row, ...verdict });
      } else {
        const { error, errors } = verdict;
        results.set(row.index, { ...where(row), status: 'invalid', error, errors });
      }
    }
    const keyed = valid.map((row) => ({
      key: row.rowKey === undefined ? `request:${requestKey}#${row.index}` : `row:${row.rowKey}`,
      row: row.raw,
    }));
    const ids = await this.batches.create(scope, valid.map(toBatchPost), (tx, newIds) =>
      this.rowKeys.claim(
        tx,
        scope,
        ROW_KEYS_ENDPOINT,
        keyed.map((k, i) => ({ ...k, answer: { postSubmissionId: newIds[i] } })),
      ),
    );
    const replayed = valid.filter((_, i) => ids[i] === null);
    const outcomes = await this.rowKeys.outcomes(
      scope,
      ROW_KEYS_ENDPOINT,
      keyed.filter((_, i) => ids[i] === null),
    );
    valid.forEach((row, i) => {
      const id = ids[i];
      if (id !== null) {
        results.set(row.index, { ...where(row), status: 'created', postId: id });
      }
    });
    replayed.forEach((row, i) => {
      const outcome = outcomes[i];
      results.set(
        row.index,
        outcome.kind === 'replay'
          ? {
              ...where(row),
              status: 'created',
              postId: (outcome.answer as { postSubmissionId: string }).postSubmissionId,
              replayed: true,
            }
          : { ...where(row), status: 'invalid', ...conflict(row) },
      );
    });
    return rows.map((row) => results.get(row.index)!);
  }
}

function where(row: BulkRow): Pick<BulkRowResultDto, 'row' | 'line'> {
  return row.csv ? { row: row.index, line: row.csv.line } : { row: row.index };
}

function conflict(row: ValidRow): Pick<BulkRowResultDto, 'error' | 'errors'> {
  const message =
    row.rowKey === undefined
      ? 'This row of the request was already created with different content'
      : 'This rowKey was already used with a different row';
  return {
    error: { code: ErrorCode.IdempotencyConflict, message },
    errors: [
      {
        field: `rows[${row.index}].rowKey`,
        code: ErrorCode.IdempotencyConflict,
        message,
        ...(row.csv ? { column: 'rowKey', line: row.csv.line } : {}),
      },
    ],
  };
}

function toBatchPost(row: ValidRow): BatchPost {
  const { plan, body } = row;
  return {
    submission: {
      content: plan.content,
      mediaType: plan.mediaType,
      scheduledTime: plan.scheduledTime ?? new Date(),
      enableRepurposing: body.enableRepurposing ?? false,
    },
    runs: runsOf(plan),
  };
}

function refuse(message: string, code: string): never {
  throw new ValidationFailedError([{ field: 'body', message, code }], message);
}
