import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ApiRequestEntity } from './entities/api-request.entity';

export type NewApiRequest = Omit<ApiRequestEntity, 'id'>;

@Injectable()
export class RequestsRepository {
  constructor(
    @InjectRepository(ApiRequestEntity) private readonly requests: Repository<ApiRequestEntity>,
  ) {}

  /** One INSERT for the whole batch; rows of users deleted meanwhile are skipped. */
  async insertMany(rows: NewApiRequest[]): Promise<void> {
    const column = <K extends keyof NewApiRequest>(key: K) => rows.map((row) => row[key]);
    await this.requests.query(
      `INSERT INTO api_requests (user_id, api_key_id, method, route, status, request_id,
                                 idempotency_key, latency_ms, ip, user_agent, created_at)
       SELECT r.* FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[],
                              $6::text[], $7::text[], $8::float8[], $9::text[], $10::text[],
                              $11::timestamptz[])
         AS r(user_id, api_key_id, method, route, status, request_id, idempotency_key,
              latency_ms, ip, user_agent, created_at)
        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)`,
      [
        column('userId'),
        column('apiKeyId'),
        column('method'),
        column('route'),
        column('status'),
        column('requestId'),
        column('idempotencyKey'),
        column('latencyMs'),
        column('ip'),
        column('userAgent'),
        column('createdAt'),
      ],
    );
  }

  /** The user's requests, newest first, strictly before the cursor position when given. */
  listForUser(
    userId: string,
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<ApiRequestEntity[]> {
    const query = this.requests
      .createQueryBuilder('r')
      .where('r.user_id = :userId', { userId })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit);
    if (before) {
      query.andWhere('(r.created_at, r.id) < (:createdAt, :id)', before);
    }
    return query.getMany();
  }

  /** Deletes up to `batch` requests older than the retention; returns how many. */
  async deleteOlderThan(days: number, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.requests.query(
      `DELETE FROM api_requests WHERE id IN (
         SELECT id FROM api_requests WHERE created_at < now() - make_interval(days => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [days, batch],
    );
    return result[1];
  }
}
