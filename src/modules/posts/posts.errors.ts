import {
  AppError,
  ConflictError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors';
import type { MissingTarget } from './targeting/resolve-targets';

export class PostNotFoundError extends NotFoundError {
  constructor() {
    super('Post submission not found');
  }
}

/** Targets without a connected account; each one is listed in `details`. */
export class MissingIntegrationsError extends AppError {
  constructor(missing: MissingTarget[]) {
    super(
      400,
      ErrorCode.MissingIntegrations,
      missing.length === 1
        ? missing[0].message
        : `${missing.length} targets cannot be published to`,
      missing,
    );
  }
}

export class PostNotCancellableError extends ConflictError {
  constructor() {
    super(
      ErrorCode.PostNotCancellable,
      'The post has started publishing and can no longer be cancelled',
    );
  }
}

export class NothingToRetryError extends ConflictError {
  constructor() {
    super(ErrorCode.NothingToRetry, 'The post has no failed runs to retry');
  }
}

export class PostNotPublishedError extends ConflictError {
  constructor() {
    super(ErrorCode.PostNotPublished, 'The post has no published run to delete from the networks');
  }
}

/** Deleting while a run may still publish would leave that run's post up: wait, or cancel. */
export class PostStillPublishingError extends ConflictError {
  constructor() {
    super(
      ErrorCode.PostStillPublishing,
      'The post still has runs queued or publishing; delete it from the networks once they have finished',
    );
  }
}

/** PATCH of a post that is publishing, or that changed since it was read for the edit. */
export class PostNotEditableError extends ConflictError {
  constructor(
    message = 'The post has started publishing and can no longer be edited; create a new post instead',
  ) {
    super(ErrorCode.PostNotEditable, message);
  }
}

/** `?scheduledTo` at or before `?scheduledFrom`: a window no post can be in. */
export class ScheduledWindowError extends ValidationFailedError {
  constructor(scheduledFrom: string, scheduledTo: string) {
    super([
      {
        field: 'query.scheduledFrom',
        message: 'scheduledFrom must be before scheduledTo',
        code: 'invalid_period',
        received: { scheduledFrom, scheduledTo },
      },
    ]);
  }
}
