import {
  AppError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../common/errors';

/** The messages of the v1 Authentication errors table, verbatim. */
export const AuthMessages = {
  MissingApiKey: 'Missing or invalid soku-api-key',
  InvalidApiKey: 'Invalid API key',
  RevokedApiKey: 'API key revoked',
  SubscriptionRequired: 'Subscription required',
  SubscriptionInactive: 'Subscription inactive or expired',
  MissingIdToken: 'Missing or invalid Authorization: Bearer <ID token>',
  ExpiredIdToken: 'ID token expired',
  InvalidIdToken: 'Invalid ID token',
} as const;

export const authErrors = {
  missingApiKey: () => new UnauthorizedError(AuthMessages.MissingApiKey),
  invalidApiKey: () => new UnauthorizedError(AuthMessages.InvalidApiKey),
  revokedApiKey: () => new UnauthorizedError(AuthMessages.RevokedApiKey),
  subscriptionRequired: () => new ForbiddenError(AuthMessages.SubscriptionRequired),
  subscriptionInactive: () => new ForbiddenError(AuthMessages.SubscriptionInactive),
  missingIdToken: () => new UnauthorizedError(AuthMessages.MissingIdToken),
  expiredIdToken: () => new UnauthorizedError(AuthMessages.ExpiredIdToken),
  invalidIdToken: () => new UnauthorizedError(AuthMessages.InvalidIdToken),
  userDisabled: () => new UnauthorizedError('This user is disabled; ask an administrator'),
  userIdNotFound: () => new NotFoundError('User not found'),
  adminRequired: () => new ForbiddenError('Admin access required'),
  userNotFound: (email: string) => new NotFoundError(`No user with email ${email}`),
  notLocalUser: (email: string) =>
    new AppError(
      400,
      ErrorCode.ValidationError,
      `${email} signs in through an external issuer; only that issuer can mint its tokens`,
    ),
};
