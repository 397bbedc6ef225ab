import {
  AppError,
  ConflictError,
  ErrorCode,
  type ErrorCodeValue,
  NotFoundError,
} from '../../common/errors';
import type { Platform } from '../../common/platforms';
import type { OAuthRequestError } from './oauth/oauth-http';

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
      ErrorCode.PlatformNotConfigured,
      `${platform} is not configured on this server: set ${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET`,
    );
  }
}

export class InvalidOAuthStateError extends AppError {
  constructor() {
    super(
      400,
      ErrorCode.InvalidOAuthState,
      'Unknown, expired or already used OAuth state: start the connection again',
    );
  }
}

/** The user declined, or the platform refused the authorization; its words are kept. */
export class AuthorizationDeniedError extends AppError {
  constructor(platformMessage: string) {
    super(400, ErrorCode.AuthorizationDenied, `Authorization failed: ${platformMessage}`);
  }
}

/** The platform refused or failed a call of the connect flow. */
export class PlatformOAuthError extends AppError {
  constructor(
    status: 400 | 502 | 503,
    code: ErrorCodeValue,
    platform: Platform,
    platformMessage: string,
  ) {
    super(status, code, `${platform} answered: ${platformMessage}`);
  }
}

/** How a failed platform call of the connect flow is answered. */
export function connectError(platform: Platform, error: OAuthRequestError): PlatformOAuthError {
  switch (error.kind) {
    case 'invalid_grant':
      return new PlatformOAuthError(
        400,
        ErrorCode.OAuthExchangeFailed,
        platform,
        error.platformMessage,
      );
    case 'transient':
      return new PlatformOAuthError(
        503,
        ErrorCode.PlatformUnavailable,
        platform,
        error.platformMessage,
      );
    case 'rejected':
      return new PlatformOAuthError(502, ErrorCode.PlatformError, platform, error.platformMessage);
  }
}

/**
 * A token given to us (not obtained by a login) that the platform refuses to read the account
 * with: a 4xx from the platform is the token's fault, so the add is the caller's to fix.
 */
export function givenTokenError(platform: Platform, error: OAuthRequestError): PlatformOAuthError {
  const refusedToken =
    error.kind === 'invalid_grant' ||
    (error.kind === 'rejected' && error.status !== undefined && error.status < 500);
  return refusedToken
    ? new PlatformOAuthError(400, ErrorCode.PlatformTokenRejected, platform, error.platformMessage)
    : connectError(platform, error);
}

/** The caller named an account the token does not give access to. */
export class AccountNotInTokenError extends AppError {
  constructor(platform: Platform, platformAccountId: string, found: string[]) {
    super(
      400,
      ErrorCode.AccountNotInToken,
      `This ${platform} token gives no access to account "${platformAccountId}"; it gives: ${found.join(', ')}`,
    );
  }
}

/** One alias cannot name several accounts. */
export class AccountChoiceRequiredError extends AppError {
  constructor(platform: Platform, found: string[]) {
    super(
      400,
      ErrorCode.AccountChoiceRequired,
      `This ${platform} token gives ${found.length} accounts (${found.join(', ')}): set platformAccountId to choose the one accountId names`,
    );
  }
}

export class NoAccountsFoundError extends AppError {
  constructor(platform: Platform) {
    super(
      400,
      ErrorCode.NoAccountsFound,
      platform === 'instagram'
        ? 'This login manages no Page with an Instagram professional account linked'
        : `This ${platform} login gave access to no account`,
    );
  }
}

export class AccountIdTakenError extends ConflictError {
  constructor(platform: Platform, accountId: string) {
    super(
      ErrorCode.AccountIdTaken,
      `Another ${platform} account already uses the accountId "${accountId}"`,
    );
  }
}

/**
 * A real account publishes from one profile of a user: live in two, the same post scheduled in
 * both would go out twice and the two rows' refreshes would fight over one grant.
 */
export class AccountInAnotherProfileError extends ConflictError {
  constructor(platform: Platform) {
    super(
      ErrorCode.AccountInAnotherProfile,
      `This ${platform} account is already connected in another of your profiles: disconnect it there first`,
    );
  }
}

/** The profile a connect was started in was deleted before the platform sent the browser back. */
export class ConnectProfileDeletedError extends AppError {
  constructor() {
    super(
      404,
      ErrorCode.ProfileNotFound,
      'The profile this connection was started in has been deleted: nothing was connected',
    );
  }
}

/** A refresh the platform could not answer now (timeout, 5xx, 429); the account stays connected. */
export class TokenRefreshFailedError extends AppError {
  constructor(platformMessage: string) {
    super(503, ErrorCode.TokenRefreshFailed, `Token refresh failed for now: ${platformMessage}`);
  }
}
