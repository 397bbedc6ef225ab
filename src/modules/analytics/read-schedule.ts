/**
 * The next read of a post published at `publishedAt`: the first step of the schedule still ahead
 * of `now` (a late pass skips the steps already past), or null once the schedule is done.
 */
export function nextReadAt(publishedAt: Date, scheduleMs: number[], now = Date.now()): Date | null {
  const step = scheduleMs.find((delay) => publishedAt.getTime() + delay > now);
  return step === undefined ? null : new Date(publishedAt.getTime() + step);
}

/**
 * The first read of a post seen by the collector: the schedule's first step, due at once when the
 * collector comes late; null when even the last step is past (nothing left to read).
 */
export function firstReadAt(
  publishedAt: Date,
  scheduleMs: number[],
  now = Date.now(),
): Date | null {
  const last = publishedAt.getTime() + scheduleMs[scheduleMs.length - 1];
  return last <= now ? null : new Date(publishedAt.getTime() + scheduleMs[0]);
}
