/**
 * The Message column of the v1 reference's validation error tables, verbatim. When the only rule
 * a request breaks is one of these, its message is the error's `message` (as the auth table's
 * messages are), not the generic "Request validation failed".
 */
export const DocumentedValidationMessages = {
  ScheduledTimeInvalidFormat: 'Invalid scheduledTime format',
  ScheduledTimeTooSoon: 'scheduledTime must be at least 1 minute in the future',
} as const;

const DOCUMENTED = new Set<string>(Object.values(DocumentedValidationMessages));

export function isDocumentedValidationMessage(message: string): boolean {
  return DOCUMENTED.has(message);
}
