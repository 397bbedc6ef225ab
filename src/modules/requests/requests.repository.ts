import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ApiRequestEntity } from './entities/api-request.entity';

export type NewApiRequest = Omit<ApiRequestEntity, 'id'>;

@Injectable()
export class RequestsRepository {
  constructor(
    @InjectRepository(ApiRequestEntity) private readonly requests: Repository<ApiRequestEntity>,
  ) {}

  /**
   * One INSERT for the whole batch; rows of users deleted meanwhile (their profiles go with
   * them) are skipped, and so is a row whose profile is not its user's.
   */
  async insertMany(rows: NewApiRequest[]): Promise<void> {
    const column = <K extends keyof NewApiRequest>(key: K) => rows.map((row) => row[key]);
    await this.requests.query(
      `INSERT INTO api_requests (user_id, profile_id, api_key_id, method, route, status,
                                 request_id, idempotency_key, latency_ms, ip, user_agent,
                                 created_at)
       SELECT r.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                              $6::smallint[], $7::text[], $8::text[], $9::float8[], $10::text[],
                              $11::text[], $12::timestamptz[])
         AS r(user_id, profile_id, api_key_id, method, route, status, request_id,
              idempotency_key, latency_ms, ip, user_agent, created_at)
        WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.id = r.profile_id AND p.user_id = r.user_id)`,
      [
        column('userId'),
        column('profileId'),
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

  /** The scope's requests, newest first, strictly before the cursor position when given. */
  listForScope(
    scope: Scope,
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<ApiRequestEntity[]> {
    const query = this.requests
      .createQueryBuilder('r')
      .where('r.user_id = :userId AND r.profile_id = :profileId', {
        userId: scope.userId,
        profileId: scope.profileId,
      })
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
