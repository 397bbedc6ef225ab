import type { Request } from 'express';

/** The request's `Soku-Profile` header; a repeated header is its first value. */
export function profileHeader(req: Request): string | undefined {
  const header = req.headers['soku-profile'];
  return Array.isArray(header) ? header[0] : header;
}
