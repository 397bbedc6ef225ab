import { NotFoundError, ValidationFailedError } from '../../common/errors';

/** The same answer as GET /v1/posts/:id for a post that is not the caller's. */
export class AnalyticsPostNotFoundError extends NotFoundError {
  constructor() {
    super('Post submission not found');
  }
}

/** `from` must come before `to`, within the longest period one summary covers. */
export class AnalyticsPeriodError extends ValidationFailedError {
  constructor(message: string, received: { from: string; to: string }) {
    super([{ field: 'query.from', message, code: 'invalid_period', received }]);
  }
}
