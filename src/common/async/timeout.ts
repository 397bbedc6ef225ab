export class TimeoutError extends Error {}

/** `work`'s result, or a TimeoutError with `message` once `ms` pass (`work` keeps running). */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  message = `timed out after ${ms} ms`,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
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
