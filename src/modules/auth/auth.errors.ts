import {
  AppError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../common/errors';
import { AuthMessages } from '../../common/auth/auth-messages';

export class MissingApiKeyError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.MissingApiKey);
  }
}

export class SubscriptionRequiredError extends ForbiddenError {
  constructor() {
    super(AuthMessages.SubscriptionRequired);
  }
}

export class SubscriptionInactiveError extends ForbiddenError {
  constructor() {
    super(AuthMessages.SubscriptionInactive);
  }
}

export class MissingIdTokenError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.MissingIdToken);
  }
}

export class ExpiredIdTokenError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.ExpiredIdToken);
  }
}

export class InvalidIdTokenError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.InvalidIdToken);
  }
}

export class UserDisabledError extends UnauthorizedError {
  constructor() {
    super('This user is disabled; ask an administrator');
  }
}

export class AdminRequiredError extends ForbiddenError {
  constructor() {
    super('Admin access required');
  }
}

/** An unknown user id (admin routes). */
export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User not found');
  }
}

/** An unknown email (the CLI's token minting). */
export class NoUserWithEmailError extends NotFoundError {
  constructor(email: string) {
    super(`No user with email ${email}`);
  }
}

export class NotLocalUserError extends AppError {
  constructor(email: string) {
    super(
      400,
      ErrorCode.ValidationError,
      `${email} signs in through an external issuer; only that issuer can mint its tokens`,
    );
  }
}
