/** Writes a batch of items at once; the answer for each item, in the items' order. */
export type BatchWork<I, O> = (items: I[]) => Promise<O[]>;

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit for concurrent callers: a call made while no batch is being written starts one at
 * once; calls made meanwhile wait and go together in the next batch (at most `maxBatch` items).
 * So a lone caller waits for nothing, and N concurrent callers cost about one round trip.
 *
 * A batch that throws is written again one item at a time, so one bad item fails only its own
 * caller: `work` must therefore be all-or-nothing (one statement or one transaction).
 */
export class Coalescer<I, O> {
  private waiting: Pending<I, O>[] = [];
  private writing = false;

  constructor(
    private readonly work: BatchWork<I, O>,
    private readonly maxBatch = 100,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) {
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        await this.write(this.waiting.splice(0, this.maxBatch));
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending<I, O>[]): Promise<void> {
    try {
      const answers = await this.work(batch.map((pending) => pending.item));
      batch.forEach((pending, i) => pending.resolve(answers[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const pending of batch) {
        await this.write([pending]);
      }
    }
  }
}
