import { NotFoundError } from '../../common/errors';

/** The embedded mode's in-process queue: there is no Bull queue to show. */
export class QueueDashboardUnavailableError extends NotFoundError {
  constructor() {
    super(
      'The queue dashboard needs Bull: set REDIS_URL (scaled mode); the embedded in-process queue has no dashboard',
    );
  }
}
