import {
  AppError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../common/errors';
import { AuthMessages } from '../../common/auth/auth-messages';

export const authErrors = {
  missingApiKey: () => new UnauthorizedError(AuthMessages.MissingApiKey),
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
