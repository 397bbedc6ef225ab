import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { fetchPage, type PageRequest } from '../../common/pagination/page';
import { deleteInBatches } from '../../common/scheduling/periodic-sweeper';
import { SokuConfig } from '../../config/soku-config';
import type { ApiRequestDto, ApiRequestListDto } from './dto/api-request.dto';
import type { ApiRequestEntity } from './entities/api-request.entity';
import { RequestsRepository } from './requests.repository';

const SWEEP_BATCH = 5_000;

@Injectable()
export class RequestsService {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly config: SokuConfig,
  ) {}

  /** The caller's own requests in the request's profile, newest first, a page at a time. */
  async list(scope: Scope, query: PageRequest): Promise<ApiRequestListDto> {
    const { data, nextCursor } = await fetchPage(
      query,
      (rows, before) => this.requests.listForScope(scope, rows, before),
      toDto,
    );
    return { requests: data, nextCursor };
  }

  /** Deletes requests older than the retention, a batch at a time; returns how many. */
  sweepExpired(): Promise<number> {
    const days = this.config.limits.requestLog.retentionDays;
    return deleteInBatches(SWEEP_BATCH, (batch) => this.requests.deleteOlderThan(days, batch));
  }
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
