import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../common/platforms';
import type { IntegrationEntity } from './entities/integration.entity';
import { AccountIdTakenError } from './integrations.errors';
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

/**
 * Stores an account, new or reconnected, with its tokens encrypted. Reconnecting keeps the alias
 * and never replaces a stored refresh token with nothing (Postiz #1884 wiped them that way).
 */
@Injectable()
export class AccountLinker {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly vault: TokenVault,
  ) {}

  async link(userId: string, account: AccountToLink): Promise<IntegrationEntity> {
    const existing = await this.integrations.findByPlatformAccountForUser(
      userId,
      account.platform,
      account.platformAccountId,
    );
    try {
      return existing
        ? await this.relink(userId, existing, account)
        : await this.insert(userId, account);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AccountIdTakenError(
          account.platform,
          account.accountId ?? account.platformAccountId,
        );
      }
      throw error;
    }
  }

  private async insert(userId: string, account: AccountToLink): Promise<IntegrationEntity> {
    const id = randomUUID();
    const accountId = account.accountId ?? account.platformAccountId;
    if (await this.integrations.findActiveForUser(userId, account.platform, accountId)) {
      throw new AccountIdTakenError(account.platform, accountId);
    }
    return this.integrations.insert({
      id,
      userId,
      profileId: userId,
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
    userId: string,
    existing: IntegrationEntity,
    account: AccountToLink,
  ): Promise<IntegrationEntity> {
    const patch: IntegrationPatch = {
      accountId: await this.aliasOnReconnect(userId, existing),
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
    await this.integrations.updateForUser(userId, existing.id, patch);
    return (await this.integrations.findForUser(userId, existing.id))!;
  }

  /** A disconnected row's alias may have been taken since; it then answers to the platform's id. */
  private async aliasOnReconnect(userId: string, existing: IntegrationEntity): Promise<string> {
    if (existing.status !== 'disconnected') {
      return existing.accountId;
    }
    const holder = await this.integrations.findActiveForUser(
      userId,
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
