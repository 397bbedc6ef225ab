import {
  ConflictError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors';

export class WebhookNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook endpoint not found');
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook delivery not found');
  }
}

export class AutomationNotFoundError extends NotFoundError {
  constructor() {
    super('Automation not found');
  }
}

export class BadWebhookUrlError extends ValidationFailedError {
  constructor(field: string, message: string, received: string) {
    super([{ field, message, code: 'invalid_url', received }]);
  }
}

export class WebhookDisabledError extends ConflictError {
  constructor() {
    super(
      ErrorCode.WebhookDisabled,
      'The endpoint is disabled: enable it with PATCH /v1/webhooks/{id} first',
    );
  }
}

export class DeliveryPendingError extends ConflictError {
  constructor() {
    super(ErrorCode.DeliveryPending, 'The delivery is still being attempted');
  }
}
