import { ConcurrencyGate } from './concurrency-gate';

/** Work that finishes only when the test releases it, recording how many ran at once. */
function gatedWork() {
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const work = (fail = false) =>
    new Promise<string>((resolve, reject) => {
      running++;
      most = Math.max(most, running);
      releases.push(() => {
        running--;
        if (fail) {
          reject(new Error('failed'));
        } else {
          resolve('done');
        }
      });
    });
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { work, releaseAll, most: () => most, started: () => releases.length };
}

describe('ConcurrencyGate', () => {
  it('should run at most `limit` callers at once and the rest in arrival order', async () => {
    const gate = new ConcurrencyGate(2);
    const gated = gatedWork();
    const order: number[] = [];
    const all = [0, 1, 2, 3, 4].map((i) =>
      gate.run(() => {
        order.push(i);
        return gated.work();
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.started()).toBe(2);
    await gated.releaseAll();
    await expect(Promise.all(all)).resolves.toEqual(Array(5).fill('done'));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gated.most()).toBe(2);
  });

  it('should free the place of a caller whose work fails', async () => {
    const gate = new ConcurrencyGate(1);
    const gated = gatedWork();
    const failing = gate.run(() => gated.work(true)).catch((error: Error) => error.message);
    const next = gate.run(() => gated.work());
    await gated.releaseAll();
    await expect(failing).resolves.toBe('failed');
    await expect(next).resolves.toBe('done');
  });
});
