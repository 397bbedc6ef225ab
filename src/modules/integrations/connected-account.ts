import type { Platform } from '../../common/platforms';

export const INTEGRATION_STATUSES = ['connected', 'needs_reauth', 'disconnected'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** A connected account as other modules see it: never a token. */
export interface ConnectedAccount {
  /** The integration's uuid. */
  id: string;
  /** The profile it was connected into; targeting only sees the request's profile's. */
  profileId: string;
  platform: Platform;
  /** The id users target: the platform's account id or an alias. */
  accountId: string;
  displayName: string | null;
  status: IntegrationStatus;
  sandbox: boolean;
}

/** What the publishing worker needs to call the platform as this account. */
export interface PublishCredentials {
  account: ConnectedAccount;
  /** Decrypted; null for a sandbox account without one. */
  accessToken: string | null;
  metadata: Record<string, unknown>;
}

export type RefreshResult = 'refreshed' | 'needs_reauth';
