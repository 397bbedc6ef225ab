import type { Platform } from '../../common/platforms';

/** A connected account as publishing sees it (the integrations module's view, without tokens). */
export interface PublishingAccount {
  id: string;
  platform: Platform;
  accountId: string;
  displayName: string | null;
  status: 'connected' | 'needs_reauth' | 'disconnected';
  sandbox: boolean;
}

/**
 * The connected accounts that posts are targeted at and published with. A port: the integrations
 * module provides it, so posts and orchestration never touch its tables or tokens directly.
 */
export abstract class AccountDirectory {
  abstract listAccounts(userId: string, platforms?: Platform[]): Promise<PublishingAccount[]>;
  abstract getPublishCredentials(
    userId: string,
    integrationId: string,
  ): Promise<{
    account: PublishingAccount;
    accessToken: string | null;
    metadata: Record<string, unknown>;
  }>;
  abstract refreshAfterAuthError(
    userId: string,
    integrationId: string,
  ): Promise<'refreshed' | 'needs_reauth'>;
}
