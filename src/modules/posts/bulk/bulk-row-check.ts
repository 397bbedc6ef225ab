import { Injectable } from '@nestjs/common';
import type { Scope } from '../../../common/auth/route-auth';
import { type FieldProblem, ValidationFailedError } from '../../../common/errors';
import { AppValidationPipe } from '../../../common/validation/validation.pipe';
import { CreatePostDto } from '../dto/create-post.dto';
import { type Plan, PostPlanner } from '../post-planner';
import { MissingIntegrationsError } from '../posts.errors';
import { ScheduledTimeMessages } from '../scheduled-time';
import type { BulkRowEnvelopeErrorDto, BulkRowErrorDto } from './bulk.dto';
import { columnOf } from './csv-columns';
import type { CsvRow } from './csv-rows';

/** One row of a bulk request: a v1 body (with an optional rowKey), as JSON or from a CSV line. */
export interface BulkRow {
  index: number;
  raw: unknown;
  csv?: Pick<CsvRow, 'line' | 'problems'>;
}

export type RowVerdict =
  | { valid: true; plan: Plan; body: CreatePostDto; rowKey?: string }
  | { valid: false; error: BulkRowEnvelopeErrorDto; errors: BulkRowErrorDto[] };

const PIPE = new AppValidationPipe();
const ROW_KEY = /^[\x20-\x7e]{1,255}$/;
// 12/07/2026 10:00 (a spreadsheet's display) or 45632.5 (its serial day number).
const SPREADSHEET_DATE = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(\s.*)?|\d{4,6}(\.\d+)?)$/;
const WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const EXPECTED_TIME =
  'use ISO 8601 with a time zone, e.g. 2026-12-07T10:00:00Z or 2026-12-07T10:00:00+01:00';

/**
 * Checks a row exactly as POST /v1/posts checks its body (the same pipe, DTO and planner, so the
 * same codes and messages), reporting each problem at the row's own path (`rows[3].post…`).
 */
@Injectable()
export class BulkRowCheck {
  constructor(private readonly planner: PostPlanner) {}

  async check(scope: Scope, row: BulkRow): Promise<RowVerdict> {
    const { rowKey, ...body } = isRecord(row.raw) ? row.raw : { rowKey: undefined };
    const own: FieldProblem[] = [...(row.csv?.problems ?? [])].map((p) => ({
      ...p,
      field: p.field === 'body' ? 'body' : `body.${p.field}`,
    }));
    if (rowKey !== undefined && (typeof rowKey !== 'string' || !ROW_KEY.test(rowKey))) {
      own.push({
        field: 'body.rowKey',
        message: 'rowKey must be 1 to 255 printable ASCII characters',
        code: 'invalid_string',
        received: rowKey,
      });
    }
    let dto: CreatePostDto;
    try {
      dto = (await PIPE.transform(isRecord(row.raw) ? body : row.raw, {
        type: 'body',
        metatype: CreatePostDto,
      })) as CreatePostDto;
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) {
        throw error;
      }
      const problems = [...own, ...(error.details as FieldProblem[])];
      return this.invalid(
        row,
        own.length > 0 ? new ValidationFailedError(problems) : error,
        problems,
      );
    }
    if (own.length > 0) {
      return this.invalid(row, new ValidationFailedError(own), own);
    }
    try {
      const plan = await this.planner.plan(scope, dto);
      return { valid: true, plan, body: dto, rowKey: rowKey as string | undefined };
    } catch (error) {
      if (error instanceof ValidationFailedError || error instanceof MissingIntegrationsError) {
        return this.invalid(row, error, error.details as FieldProblem[]);
      }
      throw error;
    }
  }

  private invalid(
    row: BulkRow,
    error: ValidationFailedError | MissingIntegrationsError,
    problems: (FieldProblem & { reason?: string })[],
  ): RowVerdict {
    const missing = error instanceof MissingIntegrationsError;
    return {
      valid: false,
      error: { code: error.code, message: error.message },
      errors: problems.map((problem) => {
        const relative = problem.field.replace(/^body\.?/, '');
        const entry: BulkRowErrorDto = {
          field: relative ? `rows[${row.index}].${relative}` : `rows[${row.index}]`,
          code: missing ? error.code : problem.code,
          message: spreadsheetHint(relative, problem),
        };
        if (problem.received !== undefined) {
          entry.received = problem.received;
        }
        if (missing) {
          entry.reason = problem.reason;
        }
        if (row.csv) {
          entry.column =
            (problem as { column?: string }).column ??
            (missing && problem.reason !== 'not_connected' ? 'accountIds' : columnOf(relative));
          entry.line = row.csv.line;
        }
        return entry;
      }),
    };
  }
}

/** The documented message, and for a spreadsheet's date or a zoneless time the expected format. */
function spreadsheetHint(field: string, problem: FieldProblem): string {
  const { message, received } = problem;
  if (
    field !== 'scheduledTime' ||
    message !== ScheduledTimeMessages.InvalidFormat ||
    typeof received !== 'string'
  ) {
    return message;
  }
  if (SPREADSHEET_DATE.test(received.trim())) {
    return `${message}: "${received}" looks like a spreadsheet date; ${EXPECTED_TIME}`;
  }
  return WITHOUT_ZONE.test(received.trim())
    ? `${message}: "${received}" has no time zone; ${EXPECTED_TIME}`
    : message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
