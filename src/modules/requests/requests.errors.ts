import { ValidationFailedError } from '../../common/errors';

export const requestsErrors = {
  invalidCursor: (received: string) =>
    new ValidationFailedError([
      {
        field: 'query.cursor',
        message: 'Invalid cursor: pass the nextCursor of a previous page',
        code: 'invalid_string',
        received,
      },
    ]),
};
