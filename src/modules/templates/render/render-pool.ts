import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderJob } from './og-renderer';
import type { RenderReply, RenderRequest } from './render.worker';

interface Pending {
  job: RenderJob;
  resolve(image: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  current?: { id: number; pending: Pending };
}

/** A render that failed inside the worker (never the caller's input: that is validated first). */
export class RenderFailedError extends Error {}

/**
 * Worker threads that run satori + resvg, so a burst of renders never blocks the event loop.
 * Threads start on the first render and each takes one job at a time; the rest wait in FIFO
 * order. A thread that dies fails only its own job and is replaced.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  render(job: RenderJob): Promise<Buffer> {
    if (this.closed) {
      return Promise.reject(new RenderFailedError('The render pool is closed'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new RenderFailedError('The render pool is closed'));
    }
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.current) ?? this.spawn();
      if (!slot) {
        return;
      }
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.current = { id, pending };
      slot.worker.postMessage({ id, job: pending.job } satisfies RenderRequest);
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.size) {
      return undefined;
    }
    const slot: Slot = { worker: startWorker() };
    slot.worker.on('message', (reply: RenderReply) => {
      const current = slot.current;
      if (!current || current.id !== reply.id) {
        return;
      }
      slot.current = undefined;
      if ('error' in reply) {
        current.pending.reject(new RenderFailedError(reply.error));
      } else {
        current.pending.resolve(
          Buffer.from(reply.image.buffer, reply.image.byteOffset, reply.image.byteLength),
        );
      }
      this.dispatch();
    });
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', (code) =>
      this.replace(slot, new RenderFailedError(`A render thread exited with code ${code}`)),
    );
    this.slots.push(slot);
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) {
      return;
    }
    this.slots.splice(index, 1);
    slot.current?.pending.reject(
      error instanceof RenderFailedError ? error : new RenderFailedError(error.message),
    );
    slot.current = undefined;
    void slot.worker.terminate();
    if (!this.closed) {
      this.dispatch();
    }
  }
}

/** The compiled worker in a build; from TypeScript sources (tests, bench) through ts-node. */
function startWorker(): Worker {
  const entry = path.join(__dirname, `render.worker${path.extname(__filename)}`);
  if (entry.endsWith('.js')) {
    return new Worker(entry);
  }
  const source = `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true });
}
