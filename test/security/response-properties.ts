import { errorTypeFor } from '../../src/common/errors';
import type { FuzzResponse } from './fuzz-client';
import type { FuzzRequest } from './fuzz-requests';
import type { OpenApiDocument, Operation } from './openapi-document';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The v1 error envelope, exactly: `{ error: { type, code, message, timestamp, requestId, details? } }`. */
export function envelopeProblems(res: FuzzResponse): string[] {
  const problems: string[] = [];
  if (!/^application\/json/.test(res.headers['content-type'] ?? '')) {
    return [`error response is ${res.headers['content-type'] ?? 'untyped'}, not JSON`];
  }
  const body = res.json as { error?: Record<string, unknown> } | undefined;
  const error = body?.error;
  if (!body || !error || Object.keys(body).join() !== 'error') {
    return [`error response is not the envelope: ${res.text.slice(0, 300)}`];
  }
  if (error.type !== errorTypeFor(res.status)) {
    problems.push(`error.type ${String(error.type)} for status ${res.status}`);
  }
  if (typeof error.code !== 'string' || error.code === '') {
    problems.push('error.code missing');
  }
  if (typeof error.message !== 'string') {
    problems.push('error.message missing');
  }
  if (typeof error.timestamp !== 'string' || !ISO_INSTANT.test(error.timestamp)) {
    problems.push(`error.timestamp ${String(error.timestamp)}`);
  }
  if (error.requestId !== res.headers['x-request-id']) {
    problems.push('error.requestId differs from X-Request-ID');
  }
  const extra = Object.keys(error).filter(
    (k) => !['type', 'code', 'message', 'timestamp', 'requestId', 'details'].includes(k),
  );
  if (extra.length > 0) {
    problems.push(`error has undocumented fields ${extra.join(', ')}`);
  }
  return problems;
}

/**
 * Everything one response must satisfy: no server error, a documented status, the envelope for
 * every error, the documented schema for every success, invalid input never accepted, and bad
 * credentials always refused.
 */
export function responseProblems(
  doc: OpenApiDocument,
  op: Operation,
  req: FuzzRequest,
  res: FuzzResponse,
): string[] {
  const problems: string[] = [];
  const documented = op.responses.has(res.status);
  const envelope = res.status >= 400 ? envelopeProblems(res) : [];
  const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
  // A 503 the operation documents (a dependency not configured or not ready) is an answer; a
  // 500, or any undocumented 5xx, is a bug.
  if (res.status >= 500 && !(res.status === 503 && documented && code !== 'internal_error')) {
    problems.push(`server error ${res.status}: ${res.text.slice(0, 300)}`);
  }
  if (!documented) {
    problems.push(`status ${res.status} is not documented for this operation`);
  }
  problems.push(...envelope);
  if (res.status >= 200 && res.status < 300) {
    const perRow = rowResults(res);
    if (req.invalid && perRow) {
      problems.push(...acceptedRows(req, perRow));
    } else if (req.invalid) {
      problems.push(`accepted input that breaks the schema (${res.status}): ${req.why.join('; ')}`);
    }
    if (req.badAuth && op.security) {
      problems.push(`accepted bad credentials (${res.status})`);
    }
    const json = /^application\/json/.test(res.headers['content-type'] ?? '');
    // The documented schema is the JSON one; other media types (an export's CSV) are text.
    if (documented && json && op.responses.get(res.status) !== undefined) {
      const errors = doc.responseErrors(op, res.status, res.json);
      if (errors.length > 0) {
        problems.push(`response does not match its schema: ${errors.slice(0, 5).join('; ')}`);
      }
    }
  }
  // The body is parsed and screened (JSON, NUL, nesting) before the route's guards run, so a
  // request with bad credentials and such a body may get that 400 first; never a 2xx.
  const screenedBody = res.status === 400 && code === 'validation_error' && req.body !== undefined;
  if (req.badAuth && op.security && res.status !== 401 && !screenedBody) {
    problems.push(`bad credentials answered ${res.status}, not 401`);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined) {
    problems.push('Object.prototype was polluted');
  }
  return problems;
}

type RowResult = { row: number; status: string };

/** A bulk answer: one result per row of the request's array, in order. */
function rowResults(res: FuzzResponse): RowResult[] | null {
  const results = (res.json as { results?: unknown } | undefined)?.results;
  return Array.isArray(results) && results.every((r) => typeof r?.status === 'string')
    ? (results as RowResult[])
    : null;
}

/**
 * A bulk request answers 200 with each row's outcome: a row that breaks the schema (a reason at
 * `/<row>/…`) must come back invalid, whatever the others did. A reason naming no row (the body
 * itself is wrong) must still refuse the request.
 */
function acceptedRows(req: FuzzRequest, results: RowResult[]): string[] {
  const rows = new Set(
    req.why.flatMap((why) => {
      const match = /^\/(\d+)(?:\/| )/.exec(why);
      return match ? [Number(match[1])] : [];
    }),
  );
  if (rows.size === 0) {
    return [`accepted input that breaks the schema: ${req.why.join('; ')}`];
  }
  return [...rows]
    .filter((row) => results[row]?.status !== 'invalid')
    .map((row) => `row ${row} breaks the schema but was ${results[row]?.status ?? 'not answered'}`);
}
