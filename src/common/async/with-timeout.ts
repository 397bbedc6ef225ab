export class TimeoutError extends Error {}

/**
 * `promise`, or a rejection with `timeoutError()` once `ms` have passed. The promise itself is
 * not cancelled: callers pass an AbortSignal along when the work can be stopped.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timeoutError: () => Error = () => new TimeoutError(`timed out after ${ms} ms`),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether `work` settles within `ms` (it keeps running either way). */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(work, ms).then(
    () => true,
    (error: unknown) => {
      if (error instanceof TimeoutError) {
        return false;
      }
      throw error;
    },
  );
}
