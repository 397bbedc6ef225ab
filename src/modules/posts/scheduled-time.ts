import { DocumentedValidationMessages } from '../../common/errors';

export const MIN_SCHEDULE_LEAD_MS = 60_000;

/** The two messages the v1 reference documents, verbatim. */
export const ScheduledTimeMessages = {
  InvalidFormat: DocumentedValidationMessages.ScheduledTimeInvalidFormat,
  TooSoon: DocumentedValidationMessages.ScheduledTimeTooSoon,
} as const;

// A full date-time with an explicit offset: a time without a zone is ambiguous, so it is refused.
const ISO_8601_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Omitted or null means now; otherwise an ISO 8601 instant at least a minute ahead. */
export function parseScheduledTime(
  raw: unknown,
  now: Date = new Date(),
): { at: Date | null } | { problem: string } {
  if (raw === undefined || raw === null) {
    return { at: null };
  }
  if (typeof raw !== 'string' || !ISO_8601_WITH_ZONE.test(raw)) {
    return { problem: ScheduledTimeMessages.InvalidFormat };
  }
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) {
    return { problem: ScheduledTimeMessages.InvalidFormat };
  }
  if (at.getTime() < now.getTime() + MIN_SCHEDULE_LEAD_MS) {
    return { problem: ScheduledTimeMessages.TooSoon };
  }
  return { at };
}
