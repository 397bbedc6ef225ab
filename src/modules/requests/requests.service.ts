import { Injectable } from '@nestjs/common';
import { deleteInBatches } from '../../common/scheduling/periodic-sweeper';
import { SokuConfig } from '../../config/soku-config';
import type { ApiRequestDto, ApiRequestListDto } from './dto/api-request.dto';
import type { ApiRequestEntity } from './entities/api-request.entity';
import { requestsErrors } from './requests.errors';
import { RequestsRepository } from './requests.repository';

const DEFAULT_PAGE = 20;
const SWEEP_BATCH = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Injectable()
export class RequestsService {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly config: SokuConfig,
  ) {}

  /** The caller's own requests, newest first, a page at a time. */
  async list(userId: string, limit = DEFAULT_PAGE, cursor?: string): Promise<ApiRequestListDto> {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.requests.listForUser(userId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      requests: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** Deletes requests older than the retention, a batch at a time; returns how many. */
  sweepExpired(): Promise<number> {
    const days = this.config.limits.requestLog.retentionDays;
    return deleteInBatches(SWEEP_BATCH, (batch) => this.requests.deleteOlderThan(days, batch));
  }
}

function encodeCursor(row: ApiRequestEntity): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (Number.isNaN(createdAt.getTime()) || !UUID.test(id ?? '')) {
    throw requestsErrors.invalidCursor(cursor);
  }
  return { createdAt, id };
}

function toDto(row: ApiRequestEntity): ApiRequestDto {
  return {
    id: row.id,
    method: row.method,
    route: row.route,
    status: row.status,
    requestId: row.requestId,
    idempotencyKey: row.idempotencyKey,
    latencyMs: row.latencyMs,
    ip: row.ip,
    userAgent: row.userAgent,
    apiKeyId: row.apiKeyId,
    createdAt: row.createdAt.toISOString(),
  };
}
