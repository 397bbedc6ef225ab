/**
 * At most `limit` holders at once; the others wait in arrival order. For work whose callers may
 * be many (jobs sized for batching) but which must not all run together (downloads).
 */
export class ConcurrencyGate {
  private holders = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Runs `work` once a place is free, and frees it when `work` settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holders >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.holders++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        // The place passes straight to the next caller: holders stays the same.
        next();
      } else {
        this.holders--;
      }
    }
  }
}
