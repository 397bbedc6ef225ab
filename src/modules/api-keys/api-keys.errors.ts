import { NotFoundError } from '../../common/errors';

export const apiKeyErrors = {
  notFound: () => new NotFoundError('API key not found'),
};
