import { AppError, ConflictError, ErrorCode, NotFoundError } from '../../common/errors';
import type { MissingTarget } from './targeting/resolve-targets';

export const postErrors = {
  notFound: () => new NotFoundError('Post submission not found'),
  missingIntegrations: (missing: MissingTarget[]) =>
    new AppError(
      400,
      ErrorCode.MissingIntegrations,
      missing.length === 1
        ? missing[0].message
        : `${missing.length} targets cannot be published to`,
      missing,
    ),
  notCancellable: () =>
    new ConflictError(
      'post_not_cancellable',
      'The post has started publishing and can no longer be cancelled',
    ),
  nothingToRetry: () =>
    new ConflictError('nothing_to_retry', 'The post has no failed runs to retry'),
};
