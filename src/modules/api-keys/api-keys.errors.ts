import { AuthMessages } from '../../common/auth/auth-messages';
import { NotFoundError, UnauthorizedError } from '../../common/errors';

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('API key not found');
  }
}

export class InvalidApiKeyError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.InvalidApiKey);
  }
}

export class RevokedApiKeyError extends UnauthorizedError {
  constructor() {
    super(AuthMessages.RevokedApiKey);
  }
}
