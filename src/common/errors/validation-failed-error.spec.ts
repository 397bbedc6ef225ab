import { DocumentedValidationMessages } from './documented-messages';
import { ValidationFailedError } from './app-error';

const tooSoon = {
  field: 'body.scheduledTime',
  message: DocumentedValidationMessages.ScheduledTimeTooSoon,
  code: 'invalid_string',
};
const required = { field: 'body.post', message: 'Required', code: 'invalid_type' };

describe('ValidationFailedError', () => {
  it('should use the documented message when it is the only broken rule', () => {
    const error = new ValidationFailedError([tooSoon]);
    expect(error.message).toBe('scheduledTime must be at least 1 minute in the future');
    expect(error.details).toEqual([tooSoon]);
  });

  it('should summarise when several rules are broken', () => {
    const error = new ValidationFailedError([tooSoon, required]);
    expect(error.message).toBe('Request validation failed');
    expect(error.details).toEqual([tooSoon, required]);
  });

  it('should summarise one rule the reference gives no message for', () => {
    expect(new ValidationFailedError([required]).message).toBe('Request validation failed');
  });

  it('should keep a message the thrower chose', () => {
    expect(new ValidationFailedError([tooSoon], 'Bad cursor').message).toBe('Bad cursor');
  });
});
