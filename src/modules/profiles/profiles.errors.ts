import { AppError, ConflictError, ErrorCode, ValidationFailedError } from '../../common/errors';

export class ProfileNotFoundError extends AppError {
  constructor() {
    super(404, ErrorCode.ProfileNotFound, 'Profile not found');
  }
}

/** `Soku-Profile` that is not a profile id at all. */
export class MalformedProfileHeaderError extends ValidationFailedError {
  constructor(received: string) {
    super([
      {
        field: 'headers.soku-profile',
        message: 'Soku-Profile must be a profile id (a UUID)',
        code: 'invalid_string',
        received,
      },
    ]);
  }
}

/** A key bound to one profile asked to act in another, or to manage profiles. */
export class ProfileForbiddenError extends AppError {
  constructor(message = 'This API key is bound to another profile') {
    super(403, ErrorCode.ProfileForbidden, message);
  }
}

export class ProfileNameTakenError extends ConflictError {
  constructor(name: string) {
    super(ErrorCode.ProfileNameTaken, `A profile named "${name}" already exists`);
  }
}

export class DefaultProfileError extends ConflictError {
  constructor() {
    super(ErrorCode.DefaultProfile, 'The default profile cannot be deleted');
  }
}

export class ProfileHasPendingPostsError extends ConflictError {
  constructor(pending: number) {
    super(
      ErrorCode.ProfileHasPendingPosts,
      `The profile has ${pending} pending post${pending === 1 ? '' : 's'}: cancel them, or delete with ?force=true to cancel them first`,
    );
  }
}
