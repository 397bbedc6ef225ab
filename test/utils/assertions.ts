import type { Response } from 'supertest';
import { SECURITY_HEADERS } from '../../src/common/http/security-headers';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The headers every response must carry, whatever its status. */
export function expectStandardHeaders(res: Response): void {
  expect(res.headers['x-request-id']).toBeTruthy();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(res.headers[name.toLowerCase()]).toBe(value);
  }
}

/** A v1 error envelope with this status and code, whose requestId matches the header. */
export function expectEnvelope(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const error = res.body.error;
  expect(error).toBeDefined();
  expect(error.code).toBe(code);
  expect(error.type).toBe(
    status === 401 || status === 403
      ? 'authentication_error'
      : status >= 500
        ? 'api_error'
        : 'invalid_request_error',
  );
  expect(typeof error.message).toBe('string');
  expect(new Date(error.timestamp).toISOString()).toBe(error.timestamp);
  expect(error.requestId).toBe(res.headers['x-request-id']);
  expect(Object.keys(res.body)).toEqual(['error']);
  expectStandardHeaders(res);
}
