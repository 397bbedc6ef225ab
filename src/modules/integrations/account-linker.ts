import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../common/platforms';
import type { IntegrationEntity } from './entities/integration.entity';
import type { Scope } from '../../common/auth/route-auth';
import { AccountIdTakenError, AccountInAnotherProfileError } from './integrations.errors';
import { type IntegrationPatch, IntegrationsRepository } from './integrations.repository';
import { TokenVault } from '../../infra/vault/token-vault';
import { isUniqueViolation } from '../../database/unique-violation';

/** One account to store, from a login, the CLI or the sandbox. */
export interface AccountToLink {
  platform: Platform;
  platformAccountId: string;
  /** The id users target, for a new row; defaults to the platform's id. */
  accountId?: string;
  displayName: string | null;
  handle: string | null;
  sandbox: boolean;
  scopes: string[];
  metadata: Record<string, unknown>;
  tokens?: { accessToken: string; refreshToken?: string; expiresAt?: Date | null };
}

/** Ciphertext contexts: a token is bound to its row and column. */
export const accessContext = (id: string) => `${id}:access`;
export const refreshContext = (id: string) => `${id}:refresh`;

/** The index that keeps a real platform account live in one profile of a user at most. */
const LIVE_PLATFORM_ACCOUNT = 'integrations_live_platform_account';

/**
 * Stores an account, new or reconnected, with its tokens encrypted, in the scope's profile.
 * Reconnecting keeps the alias and never replaces a stored refresh token with nothing (Postiz
 * #1884 wiped them that way). A real account live in another profile of the user is refused:
 * it is moved by disconnecting it there first.
 */
@Injectable()
export class AccountLinker {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly vault: TokenVault,
  ) {}

  async link(scope: Scope, account: AccountToLink): Promise<IntegrationEntity> {
    return (await this.linkAll(scope, account.platform, [account]))[0];
  }

  /** Several accounts of one login: none is stored when one is live in another profile. */
  async linkAll(
    scope: Scope,
    platform: Platform,
    accounts: AccountToLink[],
  ): Promise<IntegrationEntity[]> {
    const real = accounts.filter((account) => !account.sandbox);
    if (
      real.length > 0 &&
      (await this.integrations.anyLiveInAnotherProfile(
        scope,
        platform,
        real.map((account) => account.platformAccountId),
      ))
    ) {
      throw new AccountInAnotherProfileError(platform);
    }
    const rows: IntegrationEntity[] = [];
    for (const account of accounts) {
      rows.push(await this.store(scope, account));
    }
    return rows;
  }

  private async store(scope: Scope, account: AccountToLink): Promise<IntegrationEntity> {
    const { platform, platformAccountId } = account;
    const existing = await this.integrations.findByPlatformAccountInProfile(
      scope,
      platform,
      platformAccountId,
    );
    try {
      return existing
        ? await this.relink(scope, existing, account)
        : await this.insert(scope, account);
    } catch (error) {
      if (isUniqueViolation(error, LIVE_PLATFORM_ACCOUNT)) {
        throw new AccountInAnotherProfileError(platform);
      }
      if (isUniqueViolation(error)) {
        throw new AccountIdTakenError(
          account.platform,
          account.accountId ?? account.platformAccountId,
        );
      }
      throw error;
    }
  }

  private async insert(scope: Scope, account: AccountToLink): Promise<IntegrationEntity> {
    const id = randomUUID();
    const accountId = account.accountId ?? account.platformAccountId;
    if (await this.integrations.findActiveInProfile(scope, account.platform, accountId)) {
      throw new AccountIdTakenError(account.platform, accountId);
    }
    return this.integrations.insert({
      id,
      userId: scope.userId,
      profileId: scope.profileId,
      platform: account.platform,
      accountId,
      platformAccountId: account.platformAccountId,
      displayName: account.displayName,
      handle: account.handle,
      status: 'connected',
      sandbox: account.sandbox,
      scopes: account.scopes,
      metadata: account.metadata,
      lastError: null,
      lastErrorAt: null,
      tokenRefreshedAt: null,
      ...this.sealTokens(id, account.tokens, null),
    });
  }

  private async relink(
    scope: Scope,
    existing: IntegrationEntity,
    account: AccountToLink,
  ): Promise<IntegrationEntity> {
    const patch: IntegrationPatch = {
      accountId: await this.aliasOnReconnect(scope, existing),
      displayName: account.displayName ?? existing.displayName,
      handle: account.handle ?? existing.handle,
      status: 'connected',
      sandbox: account.sandbox,
      scopes: account.scopes.length > 0 ? account.scopes : existing.scopes,
      metadata: { ...existing.metadata, ...account.metadata },
      lastError: null,
      lastErrorAt: null,
      ...this.sealTokens(existing.id, account.tokens, existing.refreshToken),
    };
    await this.integrations.updateForUser(scope.userId, existing.id, patch);
    return (await this.integrations.findForUser(scope.userId, existing.id))!;
  }

  /** A disconnected row's alias may have been taken since; it then answers to the platform's id. */
  private async aliasOnReconnect(scope: Scope, existing: IntegrationEntity): Promise<string> {
    if (existing.status !== 'disconnected') {
      return existing.accountId;
    }
    const holder = await this.integrations.findActiveInProfile(
      scope,
      existing.platform,
      existing.accountId,
    );
    return holder ? existing.platformAccountId : existing.accountId;
  }

  private sealTokens(
    id: string,
    tokens: AccountToLink['tokens'],
    storedRefreshToken: string | null,
  ): Pick<IntegrationEntity, 'accessToken' | 'refreshToken' | 'tokenKeyId' | 'expiresAt'> {
    if (!tokens) {
      return { accessToken: null, refreshToken: null, tokenKeyId: null, expiresAt: null };
    }
    return {
      accessToken: this.vault.encrypt(tokens.accessToken, accessContext(id)),
      refreshToken: tokens.refreshToken
        ? this.vault.encrypt(tokens.refreshToken, refreshContext(id))
        : storedRefreshToken,
      tokenKeyId: this.vault.currentKeyId,
      expiresAt: tokens.expiresAt ?? null,
    };
  }
}
