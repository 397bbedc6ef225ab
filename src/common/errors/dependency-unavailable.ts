/**
 * Recognises an error that says a dependency is out of reach rather than that the request or the
 * code is wrong: PostgreSQL refusing or dropping connections, shutting down or starting up, the
 * pool timing out; Redis closed or unreachable. The filter answers these with 503, so a client
 * retries later instead of reading a 500 as a bug.
 */
export type Dependency = 'database' | 'queue';

/** SQLSTATE class 08 (connection exception), plus shutdown/startup and too many connections. */
const PG_UNAVAILABLE = /^(08...|57P01|57P02|57P03|53300)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

export function unavailableDependency(error: unknown): Dependency | undefined {
  for (const candidate of causes(error)) {
    if (candidate instanceof QueueUnavailableError) {
      return 'queue';
    }
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || NETWORK_CODES.has(code))) {
      return 'database';
    }
    if (typeof message === 'string' && PG_MESSAGES.some((text) => message.includes(text))) {
      return 'database';
    }
  }
  return undefined;
}

/** The error, what it wraps (TypeORM's driverError, `cause`) and an AggregateError's members. */
function causes(error: unknown, depth = 0): unknown[] {
  if (typeof error !== 'object' || error === null || depth > 4) {
    return [];
  }
  const { driverError, cause, errors } = error as {
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  return [
    error,
    ...causes(driverError, depth + 1),
    ...causes(cause, depth + 1),
    ...(Array.isArray(errors) ? errors.flatMap((member) => causes(member, depth + 1)) : []),
  ];
}
