/**
 * What a transcription costs: 1 credit per started minute, at least 1.
 *
 * Which duration counts:
 * 1. the duration probed from the stored media, when it has one: the bytes are authoritative,
 *    so a client's `durationSeconds` can never make anyone pay less than the real length;
 * 2. else the client's `durationSeconds`;
 * 3. else 1 credit is reserved and the duration the transcription API reports decides.
 * After the call, the final duration is the probed one if known, else the API's if it reported
 * one, else the estimate; the reservation is topped up (never below a zero balance) or partly
 * refunded to match.
 */
export const SECONDS_PER_CREDIT = 60;

export type DurationSource = 'media' | 'client' | 'provider';

export interface DurationBasis {
  seconds: number | null;
  source: DurationSource | null;
}

export function creditsFor(seconds: number | null): number {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) {
    return 1;
  }
  return Math.max(1, Math.ceil(seconds / SECONDS_PER_CREDIT));
}

/** The duration to reserve for, before the call. */
export function estimateBasis(
  probedSeconds: number | null,
  clientSeconds: number | undefined,
): DurationBasis {
  if (probedSeconds !== null && probedSeconds > 0) {
    return { seconds: probedSeconds, source: 'media' };
  }
  if (clientSeconds !== undefined) {
    return { seconds: clientSeconds, source: 'client' };
  }
  return { seconds: null, source: null };
}

/** The duration to charge for, once the API has answered. */
export function finalBasis(estimate: DurationBasis, reportedSeconds?: number): DurationBasis {
  if (estimate.source === 'media') {
    return estimate;
  }
  if (reportedSeconds !== undefined && Number.isFinite(reportedSeconds) && reportedSeconds > 0) {
    return { seconds: reportedSeconds, source: 'provider' };
  }
  return estimate;
}
