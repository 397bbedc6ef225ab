import { Injectable } from '@nestjs/common';
import { PLATFORMS, type Platform } from '../../common/platforms';
import type { Scope } from '../../common/auth/route-auth';
import { AccountDirectory } from './account-directory';
import { AccountsCache } from './accounts-cache';
import { accessContext, AccountLinker, type AccountToLink } from './account-linker';
import type { ConnectedAccount, PublishCredentials, RefreshResult } from './connected-account';
import type { DisconnectedIntegrationDto, IntegrationDto } from './dto/integration.dto';
import type { IntegrationEntity } from './entities/integration.entity';
import { toConnectedAccount, toIntegrationDto } from './integration-views';
import {
  AccountIdTakenError,
  IntegrationNotFoundError,
  TokenRefreshFailedError,
} from './integrations.errors';
import { IntegrationsRepository } from './integrations.repository';
import { TokenRefresher } from './token-refresher';
import { TokenVault } from '../../infra/vault/token-vault';
import { isUuid } from '../../common/validation/uuid';
import { isUniqueViolation } from '../../database/unique-violation';

/** Connected accounts: what the API, the CLI and the publishing worker use. */
@Injectable()
export class IntegrationsService implements AccountDirectory {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly accountsCache: AccountsCache,
    private readonly linker: AccountLinker,
    private readonly refresher: TokenRefresher,
    private readonly vault: TokenVault,
  ) {}

  /**
   * The profile's accounts that are not disconnected, for targeting: from the user's cached
   * accounts (every profile's, so each write forgets one entry); the rows on a miss.
   */
  async listAccounts(scope: Scope, platforms?: Platform[]): Promise<ConnectedAccount[]> {
    const accounts = await this.accountsCache.read(scope.userId, async () =>
      (await this.integrations.listForUser(scope.userId)).map(toConnectedAccount),
    );
    return accounts.filter(
      (a) => a.profileId === scope.profileId && (!platforms || platforms.includes(a.platform)),
    );
  }

  async list(scope: Scope, platform?: Platform): Promise<IntegrationDto[]> {
    return (await this.integrations.listInProfile(scope, platform ? [platform] : undefined)).map(
      toIntegrationDto,
    );
  }

  /** Every profile's accounts, for the admin API (each carries its profileId). */
  async listAcrossProfiles(userId: string): Promise<IntegrationDto[]> {
    return (await this.integrations.listForUser(userId)).map(toIntegrationDto);
  }

  /** Decrypted credentials for the publishing worker only; never returned by the API. */
  async getPublishCredentials(userId: string, integrationId: string): Promise<PublishCredentials> {
    return this.credentialsOf(await this.getActive(userId, integrationId));
  }

  /** Many accounts' credentials in one read; null where the single read throws "not found". */
  async getManyPublishCredentials(
    refs: { userId: string; integrationId: string }[],
  ): Promise<(PublishCredentials | null)[]> {
    const wanted = refs
      .filter((ref) => isUuid(ref.integrationId) && isUuid(ref.userId))
      .map((ref) => ({ userId: ref.userId, id: ref.integrationId }));
    const rows = wanted.length > 0 ? await this.integrations.findManyForUsers(wanted) : [];
    const active = new Map(
      rows
        .filter((row) => row.status !== 'disconnected')
        .map((row) => [`${row.userId}/${row.id}`, row]),
    );
    return refs.map((ref) => {
      const row = active.get(`${ref.userId}/${ref.integrationId}`);
      return row ? this.credentialsOf(row) : null;
    });
  }

  /**
   * For the publisher, once, after the platform rejected the token. Concurrent callers share
   * one token-endpoint call. Throws TokenRefreshFailedError (503) when the platform cannot
   * answer now: the account stays connected and the publish may be retried later.
   */
  async refreshAfterAuthError(userId: string, integrationId: string): Promise<RefreshResult> {
    await this.getActive(userId, integrationId);
    const outcome = await this.refresher.refresh(userId, integrationId, 'reactive');
    switch (outcome.result) {
      case 'refreshed':
      case 'skipped':
        return 'refreshed';
      case 'needs_reauth':
        return 'needs_reauth';
      case 'failed':
        throw new TokenRefreshFailedError(outcome.message);
    }
  }

  /** One sandbox account per platform (all by default); existing ones are returned as they are. */
  async createSandboxAccounts(
    scope: Scope,
    platforms: Platform[] = [...PLATFORMS],
  ): Promise<ConnectedAccount[]> {
    const rows = await this.createSandboxRows(scope, platforms);
    return rows.map(toConnectedAccount);
  }

  async createSandbox(
    scope: Scope,
    platforms: Platform[] = [...PLATFORMS],
  ): Promise<IntegrationDto[]> {
    return (await this.createSandboxRows(scope, platforms)).map(toIntegrationDto);
  }

  /** Stores an account as given, without asking the platform (CLI sandbox accounts), new or re-added. */
  async addAccount(scope: Scope, account: AccountToLink): Promise<IntegrationDto> {
    return toIntegrationDto(await this.linker.link(scope, account));
  }

  async rename(
    scope: Scope,
    platform: Platform,
    accountId: string,
    newAccountId: string,
  ): Promise<IntegrationDto> {
    const row = await this.findByAccountId(scope, platform, accountId);
    if (newAccountId !== row.accountId) {
      await this.integrations
        .updateForUser(scope.userId, row.id, { accountId: newAccountId })
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? new AccountIdTakenError(platform, newAccountId) : error;
        });
    }
    return toIntegrationDto((await this.integrations.findForUser(scope.userId, row.id))!);
  }

  /** Disconnects and wipes the tokens; the row stays so past posts still name their account. */
  async disconnect(
    scope: Scope,
    platform: Platform,
    accountId: string,
  ): Promise<DisconnectedIntegrationDto> {
    const row = await this.findByAccountId(scope, platform, accountId);
    await this.integrations.updateForUser(scope.userId, row.id, {
      status: 'disconnected',
      accessToken: null,
      refreshToken: null,
      tokenKeyId: null,
      expiresAt: null,
    });
    return { disconnected: true, id: row.id };
  }

  /**
   * Marks a connected account `needs_reauth` (an admin's decision, e.g. a leaked token): posts
   * to it are refused until the user reconnects it. The `integration.needs_reauth` event is
   * written with the change, as when the platform revokes a token.
   */
  async forceReauth(
    userId: string,
    integrationId: string,
    reason: string,
  ): Promise<IntegrationDto> {
    await this.getActive(userId, integrationId);
    await this.integrations.withLockForUser(userId, integrationId, async (locked) => {
      if (locked.row?.status !== 'connected') {
        return;
      }
      await locked.update({ status: 'needs_reauth', lastError: reason, lastErrorAt: new Date() });
      await locked.recordNeedsReauth();
    });
    return toIntegrationDto((await this.integrations.findForUser(userId, integrationId))!);
  }

  private async createSandboxRows(
    scope: Scope,
    platforms: Platform[],
  ): Promise<IntegrationEntity[]> {
    const rows: IntegrationEntity[] = [];
    for (const platform of new Set(platforms)) {
      const existing = await this.integrations.findByPlatformAccountInProfile(
        scope,
        platform,
        `sandbox-${platform}`,
      );
      rows.push(
        existing && existing.status !== 'disconnected'
          ? existing
          : await this.linker.link(scope, {
              platform,
              platformAccountId: `sandbox-${platform}`,
              accountId: `sandbox_${platform}`,
              displayName: `Sandbox ${platform}`,
              handle: null,
              sandbox: true,
              scopes: [],
              metadata: {},
            }),
      );
    }
    return rows;
  }

  private async findByAccountId(
    scope: Scope,
    platform: Platform,
    accountId: string,
  ): Promise<IntegrationEntity> {
    const row = await this.integrations.findActiveInProfile(scope, platform, accountId);
    if (!row) {
      throw new IntegrationNotFoundError();
    }
    return row;
  }

  private credentialsOf(row: IntegrationEntity): PublishCredentials {
    return {
      account: toConnectedAccount(row),
      accessToken: row.accessToken
        ? this.vault.decrypt(row.accessToken, accessContext(row.id))
        : null,
      metadata: row.metadata,
    };
  }

  private async getActive(userId: string, integrationId: string): Promise<IntegrationEntity> {
    const row = isUuid(integrationId)
      ? await this.integrations.findForUser(userId, integrationId)
      : null;
    if (!row || row.status === 'disconnected') {
      throw new IntegrationNotFoundError();
    }
    return row;
  }
}
