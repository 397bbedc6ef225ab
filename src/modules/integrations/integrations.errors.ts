import { AppError, ConflictError, NotFoundError } from '../../common/errors';
import type { Platform } from '../../common/platforms';

export const IntegrationErrorCode = {
  PlatformNotConfigured: 'platform_not_configured',
  InvalidOAuthState: 'invalid_oauth_state',
  AuthorizationDenied: 'authorization_denied',
  OAuthExchangeFailed: 'oauth_exchange_failed',
  PlatformError: 'platform_error',
  PlatformUnavailable: 'platform_unavailable',
  NoAccountsFound: 'no_accounts_found',
  AccountIdTaken: 'account_id_taken',
  TokenRefreshFailed: 'token_refresh_failed',
} as const;

export class IntegrationNotFoundError extends NotFoundError {
  constructor() {
    super('Integration not found');
  }
}

export class PlatformNotConfiguredError extends AppError {
  constructor(platform: Platform) {
    const prefix = `SOKU_${platform.toUpperCase()}_`;
    super(
      400,
      IntegrationErrorCode.PlatformNotConfigured,
      `${platform} is not configured on this server: set ${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET`,
    );
  }
}

export class InvalidOAuthStateError extends AppError {
  constructor() {
    super(
      400,
      IntegrationErrorCode.InvalidOAuthState,
      'Unknown, expired or already used OAuth state: start the connection again',
    );
  }
}

/** The user declined, or the platform refused the authorization; its words are kept. */
export class AuthorizationDeniedError extends AppError {
  constructor(platformMessage: string) {
    super(
      400,
      IntegrationErrorCode.AuthorizationDenied,
      `Authorization failed: ${platformMessage}`,
    );
  }
}

/** The platform refused or failed a call of the connect flow. */
export class PlatformOAuthError extends AppError {
  constructor(status: 400 | 502 | 503, code: string, platform: Platform, platformMessage: string) {
    super(status, code, `${platform} answered: ${platformMessage}`);
  }
}

export class NoAccountsFoundError extends AppError {
  constructor(platform: Platform) {
    super(
      400,
      IntegrationErrorCode.NoAccountsFound,
      platform === 'instagram'
        ? 'This login manages no Page with an Instagram professional account linked'
        : `This ${platform} login gave access to no account`,
    );
  }
}

export class AccountIdTakenError extends ConflictError {
  constructor(platform: Platform, accountId: string) {
    super(
      IntegrationErrorCode.AccountIdTaken,
      `Another ${platform} account already uses the accountId "${accountId}"`,
    );
  }
}

/** A refresh the platform could not answer now (timeout, 5xx, 429); the account stays connected. */
export class TokenRefreshFailedError extends AppError {
  constructor(platformMessage: string) {
    super(
      503,
      IntegrationErrorCode.TokenRefreshFailed,
      `Token refresh failed for now: ${platformMessage}`,
    );
  }
}
