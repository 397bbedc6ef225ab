import type { Scope } from '../../common/auth/route-auth';
import type { Platform } from '../../common/platforms';
import type { ConnectedAccount, PublishCredentials, RefreshResult } from './connected-account';

/**
 * The connected accounts posts are targeted at and published with: the port posts, publishing
 * and automations inject, so they never touch integrations' tables or tokens. IntegrationsService
 * implements it.
 */
export abstract class AccountDirectory {
  /** The accounts of the scope's profile that are not disconnected, for targeting. */
  abstract listAccounts(scope: Scope, platforms?: Platform[]): Promise<ConnectedAccount[]>;
  /** Decrypted credentials for the publishing worker only; never returned by the API. */
  abstract getPublishCredentials(
    userId: string,
    integrationId: string,
  ): Promise<PublishCredentials>;
  /** The same for many accounts in one read, in `refs` order; null where that one throws. */
  abstract getManyPublishCredentials(
    refs: { userId: string; integrationId: string }[],
  ): Promise<(PublishCredentials | null)[]>;
  /** Once, after the platform rejected the token. */
  abstract refreshAfterAuthError(userId: string, integrationId: string): Promise<RefreshResult>;
}
