import {
  ConflictError,
  type FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors';

export const webhookErrors = {
  notFound: () => new NotFoundError('Webhook endpoint not found'),
  deliveryNotFound: () => new NotFoundError('Webhook delivery not found'),
  automationNotFound: () => new NotFoundError('Automation not found'),
  badUrl: (field: string, message: string, received: string) =>
    new ValidationFailedError([{ field, message, code: 'invalid_url', received }]),
  invalid: (problems: FieldProblem[]) => new ValidationFailedError(problems),
  endpointDisabled: () =>
    new ConflictError(
      'webhook_disabled',
      'The endpoint is disabled: enable it with PATCH /v1/webhooks/{id} first',
    ),
  deliveryPending: () =>
    new ConflictError('delivery_pending', 'The delivery is still being attempted'),
};
