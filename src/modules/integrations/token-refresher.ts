import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PLATFORMS, type Platform } from '../../common/platforms';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { accessContext, refreshContext } from './account-linker';
import type { IntegrationEntity } from './entities/integration.entity';
import { IntegrationNotFoundError, PlatformNotConfiguredError } from './integrations.errors';
import { IntegrationsRepository, type LockedIntegration } from './integrations.repository';
import { OAuthRequestError } from './oauth/oauth-http';
import { OAuthProviders } from './oauth/oauth-providers';
import { renewTokens } from './oauth/oauth2';
import { TokenVault } from '../../infra/vault/token-vault';

export type RefreshTrigger = 'proactive' | 'reactive';

export type RefreshOutcome =
  | { result: 'refreshed' }
  | { result: 'needs_reauth' }
  /** Nothing to do: the token was renewed meanwhile (proactive) or is not due. */
  | { result: 'skipped' }
  /** Not now (timeout, 5xx, 429, config): the account stays connected, the error is kept. */
  | { result: 'failed'; message: string };

/**
 * A reactive refresh this soon after another one is assumed to come from a caller that still
 * held the old token: it gets the new one instead of causing a second token-endpoint call.
 */
const RECENT_REFRESH_MS = 60_000;
const DUE_BATCH = 100;
const EXPIRED_MESSAGE =
  'The access token expired and cannot be renewed without the user: reconnect the account';

/**
 * Renews access tokens, one account at a time under its row lock, so concurrent workers make one
 * call to the token endpoint. Rotated refresh tokens are saved in the same UPDATE as the access
 * token; an empty one never replaces the stored one. Only a dead grant marks `needs_reauth`.
 * The lock (and its connection) is held across the platform call, bounded by SOKU_OAUTH_TIMEOUT_MS.
 */
@Injectable()
export class TokenRefresher {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly providers: OAuthProviders,
    private readonly vault: TokenVault,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  refresh(userId: string, integrationId: string, trigger: RefreshTrigger): Promise<RefreshOutcome> {
    return this.integrations.withLockForUser(userId, integrationId, async (locked) => {
      const { row } = locked;
      if (!row || row.status === 'disconnected') {
        throw new IntegrationNotFoundError();
      }
      if (row.status === 'needs_reauth') {
        return { result: 'needs_reauth' };
      }
      if (trigger === 'proactive' ? !this.isDue(row) : this.refreshedRecently(row)) {
        return { result: trigger === 'proactive' ? 'skipped' : 'refreshed' };
      }
      const outcome = await this.renewLocked(row, locked);
      this.logger.info(
        { integrationId: row.id, platform: row.platform, trigger, result: outcome.result },
        'token refresh',
      );
      return outcome;
    });
  }

  /** One pass of the proactive job: renew what expires soon, flag what expired for good. */
  async refreshDue(): Promise<{
    refreshed: number;
    needsReauth: number;
    failed: number;
    expired: number;
  }> {
    const renewable = this.renewablePlatforms();
    const expired = await this.integrations.markExpiredUnrenewable(
      renewable.byRefreshToken,
      EXPIRED_MESSAGE,
    );
    const before = new Date(Date.now() + this.config.integrations.refreshAheadSeconds * 1000);
    const due = await this.integrations.findDueForRefresh(before, renewable, DUE_BATCH);
    const counts = { refreshed: 0, needsReauth: 0, failed: 0, expired };
    for (const { id, userId } of due) {
      const outcome = await this.refresh(userId, id, 'proactive').catch(
        (error: unknown): RefreshOutcome => ({
          result: 'failed',
          message: (error as Error).message,
        }),
      );
      if (outcome.result === 'refreshed') {
        counts.refreshed++;
      } else if (outcome.result === 'needs_reauth') {
        counts.needsReauth++;
      } else if (outcome.result === 'failed') {
        counts.failed++;
      }
    }
    return counts;
  }

  private async renewLocked(
    row: IntegrationEntity,
    locked: LockedIntegration,
  ): Promise<RefreshOutcome> {
    if (row.sandbox) {
      // Sandbox tokens are Soku's own: nothing to ask a platform.
      await locked.update({ tokenRefreshedAt: new Date() });
      return { result: 'refreshed' };
    }
    const provider = this.providers.provider(row.platform);
    const refreshToken = row.refreshToken
      ? this.vault.decrypt(row.refreshToken, refreshContext(row.id))
      : null;
    if (
      !row.accessToken ||
      provider.renewal === 'none' ||
      (provider.renewal === 'refresh_token' && !refreshToken)
    ) {
      return this.markNeedsReauth(
        locked,
        'The platform rejected the token and it cannot be renewed without the user: reconnect the account',
      );
    }
    try {
      const { ctx } = this.providers.configured(row.platform);
      const tokens = await renewTokens(provider, ctx, {
        accessToken: this.vault.decrypt(row.accessToken, accessContext(row.id)),
        refreshToken,
      });
      await locked.update({
        accessToken: this.vault.encrypt(tokens.accessToken, accessContext(row.id)),
        refreshToken: tokens.refreshToken
          ? this.vault.encrypt(tokens.refreshToken, refreshContext(row.id))
          : row.refreshToken,
        tokenKeyId: this.vault.currentKeyId,
        expiresAt: tokens.expiresAt ?? null,
        scopes: tokens.scopes ?? row.scopes,
        tokenRefreshedAt: new Date(),
        lastError: null,
        lastErrorAt: null,
      });
      return { result: 'refreshed' };
    } catch (error) {
      if (error instanceof OAuthRequestError && error.kind === 'invalid_grant') {
        return this.markNeedsReauth(locked, error.platformMessage);
      }
      if (error instanceof OAuthRequestError || error instanceof PlatformNotConfiguredError) {
        const message = error instanceof OAuthRequestError ? error.platformMessage : error.message;
        await locked.update({ lastError: message, lastErrorAt: new Date() });
        return { result: 'failed', message };
      }
      throw error;
    }
  }

  private async markNeedsReauth(
    locked: LockedIntegration,
    message: string,
  ): Promise<RefreshOutcome> {
    await locked.update({ status: 'needs_reauth', lastError: message, lastErrorAt: new Date() });
    await locked.recordNeedsReauth();
    return { result: 'needs_reauth' };
  }

  private isDue(row: IntegrationEntity): boolean {
    const horizon = Date.now() + this.config.integrations.refreshAheadSeconds * 1000;
    return row.expiresAt !== null && row.expiresAt.getTime() < horizon;
  }

  private refreshedRecently(row: IntegrationEntity): boolean {
    return (
      row.tokenRefreshedAt !== null &&
      Date.now() - row.tokenRefreshedAt.getTime() < RECENT_REFRESH_MS
    );
  }

  private renewablePlatforms(): { byRefreshToken: Platform[]; byAccessToken: Platform[] } {
    const by = (renewal: string) =>
      PLATFORMS.filter((p) => this.providers.provider(p).renewal === renewal);
    return { byRefreshToken: by('refresh_token'), byAccessToken: by('access_token') };
  }
}
