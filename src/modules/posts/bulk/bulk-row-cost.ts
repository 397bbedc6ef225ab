import type { Request } from 'express';
import { ValidationFailedError } from '../../../common/errors';
import { MAX_BULK_ROWS } from './bulk.dto';
import { csvRows } from './csv-rows';

/**
 * What a bulk request costs of its rows limit: one token per row, as the same posts sent one by
 * one would. A body the handler will refuse (not rows, malformed CSV, too many) costs what it
 * holds up to the maximum, and at least one.
 */
export function bulkRowCost(req: Request): number {
  const body: unknown = req.body;
  let rows = 1;
  try {
    rows = typeof body === 'string' ? csvRows(body).length : Array.isArray(body) ? body.length : 1;
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) {
      throw error;
    }
  }
  return Math.min(Math.max(rows, 1), MAX_BULK_ROWS);
}
