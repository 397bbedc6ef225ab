import { NotFoundError } from '../../common/errors';

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('API key not found');
  }
}
