import { errorTypeFor } from '../errors/error-codes';

const TIMESTAMP = '2025-08-29T00:02:14.654Z';
const REQUEST_ID = 'abb6930d-2b57-4d44-9d63-19d5a9c8d077';

/** The default error of each status, with the v1 reference's codes and messages. */
const DEFAULTS: Record<number, { code: string; message: string; details?: unknown }> = {
  400: {
    code: 'validation_error',
    message: 'Request validation failed',
    details: [{ field: 'body.post.content.platform', message: 'Required', code: 'invalid_type' }],
  },
  401: { code: 'unauthorized', message: 'Missing or invalid soku-api-key' },
  402: {
    code: 'insufficient_credits',
    message: 'This costs 3 credits but your balance is 1',
    details: { balance: 1, cost: 3 },
  },
  403: { code: 'forbidden', message: 'Subscription required' },
  404: { code: 'not_found', message: 'Not found' },
  409: {
    code: 'idempotency_conflict',
    message: 'This Idempotency-Key was already used on this endpoint with a different request body',
  },
  413: { code: 'payload_too_large', message: 'Request body exceeds the 1 MB limit' },
  415: {
    code: 'unsupported_media_type',
    message: 'Content-Type must be application/json (received text/plain)',
  },
  429: { code: 'rate_limit_exceeded', message: 'Rate limit exceeded. Try again in 30 seconds.' },
  500: {
    code: 'internal_error',
    message: 'An unexpected error occurred. Quote the request id when reporting it.',
  },
  503: { code: 'service_unavailable', message: 'Media storage is unavailable; try again later' },
};

const ID_TOKEN_401 = 'Missing or invalid Authorization: Bearer <ID token>';

/** A complete example envelope for `status`, or undefined for a status without a default. */
export function errorExample(
  status: number,
  options: { idToken?: boolean; idempotent?: boolean } = {},
): unknown {
  const error = DEFAULTS[status];
  // Other conflicts have their own codes, named in the response's description.
  if (!error || (status === 409 && !options.idempotent)) {
    return undefined;
  }
  const { code } = error;
  let { message } = error;
  if (status === 401 && options.idToken) {
    message = ID_TOKEN_401;
  }
  return envelopeExample(status, code, message, error.details);
}

/** An example v1 error envelope. */
export function envelopeExample(
  status: number,
  code: string,
  message: string,
  details?: unknown,
): unknown {
  return {
    error: {
      type: errorTypeFor(status),
      code,
      message,
      timestamp: TIMESTAMP,
      requestId: REQUEST_ID,
      ...(details === undefined ? {} : { details }),
    },
  };
}
