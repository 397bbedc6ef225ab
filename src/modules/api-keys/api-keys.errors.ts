import { AuthMessages } from '../../common/auth/auth-messages';
import { NotFoundError, UnauthorizedError } from '../../common/errors';

export const apiKeyErrors = {
  notFound: () => new NotFoundError('API key not found'),
  invalid: () => new UnauthorizedError(AuthMessages.InvalidApiKey),
  revoked: () => new UnauthorizedError(AuthMessages.RevokedApiKey),
};
