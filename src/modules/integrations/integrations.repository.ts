import { insertEventsSql } from '../../database/outbox';
import {
  type PreparedStatement,
  preparedRows,
  sqlEntities,
  sqlRows,
  toEntities,
} from '../../database/sql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Not, type Repository } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import type { Platform } from '../../common/platforms';
import { AccountsCache } from './accounts-cache';
import { IntegrationEntity } from './entities/integration.entity';

export type IntegrationPatch = Partial<
  Omit<IntegrationEntity, 'id' | 'userId' | 'profileId' | 'platform' | 'createdAt' | 'updatedAt'>
>;

/** TypeORM's update type cannot express a jsonb Record; the entity's own type is the check. */
type RowWrite = Parameters<Repository<IntegrationEntity>['update']>[1];

/** The locked row and how to write it, inside one transaction. */
export interface LockedIntegration {
  row: IntegrationEntity | null;
  update(patch: IntegrationPatch): Promise<void>;
  /** Writes `integration.needs_reauth` to the outbox, committed with the status change. */
  recordNeedsReauth(): Promise<void>;
}

/** The `integration.needs_reauth` event of each row `i` of `from`, as the outbox stores it. */
const needsReauthEvents = (from: string) =>
  insertEventsSql(
    'integration.needs_reauth',
    `SELECT i.user_id, jsonb_build_object('id', i.id, 'platform', i.platform,
         'accountId', i.account_id, 'status', i.status, 'lastError', i.last_error,
         'lastErrorAt', to_char(i.last_error_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS data
       FROM ${from}`,
  );

/** The rows of (owner, id) pairs, for the publishing worker's batched credentials read. */
const FIND_MANY_FOR_USERS: PreparedStatement = {
  name: 'soku_integrations_for_users',
  text: `SELECT i.* FROM integrations i
     JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(user_id, id)
       ON i.user_id = wanted.user_id AND i.id = wanted.id`,
};

@Injectable()
export class IntegrationsRepository {
  constructor(
    @InjectRepository(IntegrationEntity) private readonly rows: Repository<IntegrationEntity>,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsCache,
  ) {}

  /** The user's accounts that are not disconnected, in every profile (the accounts cache). */
  listForUser(userId: string): Promise<IntegrationEntity[]> {
    return sqlEntities(
      this.dataSource,
      IntegrationEntity,
      `SELECT * FROM integrations WHERE user_id = $1 AND status <> 'disconnected'
        ORDER BY platform, created_at, id`,
      [userId],
    );
  }

  /** The profile's accounts that are not disconnected. */
  listInProfile(scope: Scope, platforms?: Platform[]): Promise<IntegrationEntity[]> {
    return sqlEntities(
      this.dataSource,
      IntegrationEntity,
      `SELECT * FROM integrations
        WHERE user_id = $1 AND profile_id = $2 AND status <> 'disconnected'
          AND ($3::text[] IS NULL OR platform = ANY($3))
        ORDER BY platform, created_at, id`,
      [scope.userId, scope.profileId, platforms ?? null],
    );
  }

  /** By id in any of the user's profiles: for the publishing worker and the admin API. */
  async findForUser(userId: string, id: string): Promise<IntegrationEntity | null> {
    const [row] = await sqlEntities(
      this.dataSource,
      IntegrationEntity,
      `SELECT * FROM integrations WHERE user_id = $1 AND id = $2`,
      [userId, id],
    );
    return row ?? null;
  }

  /** Each (owner, id) pair's row, in one prepared statement; pairs without a row are left out. */
  async findManyForUsers(refs: { userId: string; id: string }[]): Promise<IntegrationEntity[]> {
    const rows = await preparedRows(this.dataSource, FIND_MANY_FOR_USERS, [
      refs.map((ref) => ref.userId),
      refs.map((ref) => ref.id),
    ]);
    return toEntities(this.dataSource, IntegrationEntity, rows);
  }

  /** By the id users target in the profile; disconnected rows no longer answer to it. */
  findActiveInProfile(
    scope: Scope,
    platform: Platform,
    accountId: string,
  ): Promise<IntegrationEntity | null> {
    const { userId, profileId } = scope;
    return this.rows.findOneBy({
      userId,
      profileId,
      platform,
      accountId,
      status: Not('disconnected'),
    });
  }

  findByPlatformAccountInProfile(
    scope: Scope,
    platform: Platform,
    platformAccountId: string,
  ): Promise<IntegrationEntity | null> {
    const { userId, profileId } = scope;
    return this.rows.findOneBy({ userId, profileId, platform, platformAccountId });
  }

  /** Whether any of these platform accounts is live (not sandbox) in another of the user's profiles. */
  async anyLiveInAnotherProfile(
    scope: Scope,
    platform: Platform,
    platformAccountIds: string[],
  ): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `SELECT 1 FROM integrations
        WHERE user_id = $1 AND platform = $2 AND platform_account_id = ANY($3)
          AND status <> 'disconnected' AND NOT sandbox AND profile_id <> $4
        LIMIT 1`,
      [scope.userId, platform, platformAccountIds, scope.profileId],
    );
    return rows.length > 0;
  }

  async insert(
    row: Omit<IntegrationEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<IntegrationEntity> {
    await this.rows.insert(row as RowWrite);
    await this.accounts.forget([row.userId]);
    return (await this.findForUser(row.userId, row.id))!;
  }

  async updateForUser(userId: string, id: string, patch: IntegrationPatch): Promise<void> {
    await this.rows.update({ userId, id }, patch as RowWrite);
    await this.accounts.forget([userId]);
  }

  /**
   * Runs `work` holding the row's lock (SELECT … FOR UPDATE): a second caller waits, then reads
   * what the first one wrote. The transaction commits whatever `work` wrote when it returns;
   * the owner's cached accounts are forgotten once it has.
   */
  async withLockForUser<T>(
    userId: string,
    id: string,
    work: (locked: LockedIntegration) => Promise<T>,
  ): Promise<T> {
    let wrote = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(IntegrationEntity)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.id = :id AND i.user_id = :userId', { id, userId })
        .getOne();
      return work({
        row,
        update: async (patch) => {
          wrote = true;
          await manager.update(IntegrationEntity, { userId, id }, patch as RowWrite);
        },
        recordNeedsReauth: async () => {
          await manager.query(needsReauthEvents('integrations i WHERE i.id = $1'), [id]);
        },
      });
    });
    if (wrote) {
      await this.accounts.forget([userId]);
    }
    return result;
  }

  /**
   * Disconnects every account of a profile being deleted, in the deletion's transaction, as a
   * disconnect does: tokens wiped, so nothing refreshes, reads or publishes with them again.
   * The caller forgets the owner's cached accounts once the deletion has committed.
   */
  async disconnectProfile(db: EntityManager, scope: Scope): Promise<void> {
    await db.query(
      `UPDATE integrations
          SET status = 'disconnected', access_token = NULL, refresh_token = NULL,
              token_key_id = NULL, expires_at = NULL, updated_at = now()
        WHERE user_id = $1 AND profile_id = $2 AND status <> 'disconnected'`,
      [scope.userId, scope.profileId],
    );
  }

  /**
   * System-wide scan for the refresh job (it then works per owner): connected accounts whose
   * token expires before `before` and that can be renewed without the user.
   */
  async findDueForRefresh(
    before: Date,
    renewable: { byRefreshToken: Platform[]; byAccessToken: Platform[] },
    limit: number,
  ): Promise<{ id: string; userId: string }[]> {
    const rows: { id: string; user_id: string }[] = await this.rows.query(
      `SELECT id, user_id FROM integrations
        WHERE status = 'connected' AND NOT sandbox AND expires_at < $1
          AND ((refresh_token IS NOT NULL AND platform = ANY($2))
            OR (platform = ANY($3) AND expires_at > now()))
        ORDER BY expires_at
        LIMIT $4`,
      [before, renewable.byRefreshToken, renewable.byAccessToken, limit],
    );
    return rows.map((row) => ({ id: row.id, userId: row.user_id }));
  }

  /** Expired tokens nothing can renew: the user must reconnect. Returns how many were marked. */
  async markExpiredUnrenewable(byRefreshToken: Platform[], message: string): Promise<number> {
    const events = await sqlRows(
      this.rows.manager,
      `WITH marked AS (
         UPDATE integrations
            SET status = 'needs_reauth', last_error = $2, last_error_at = now(), updated_at = now()
          WHERE status = 'connected' AND NOT sandbox AND expires_at < now()
            AND NOT (refresh_token IS NOT NULL AND platform = ANY($1))
          RETURNING *)
       ${needsReauthEvents('marked i')} RETURNING user_id`,
      [byRefreshToken, message],
    );
    await this.accounts.forget(events.map((event) => event.user_id as string));
    return events.length;
  }
}
