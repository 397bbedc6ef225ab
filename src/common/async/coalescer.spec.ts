import { Coalescer } from './coalescer';

/** A batch writer whose batches finish only when the test releases them. */
function gatedWriter(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const work = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.some(fail)) {
      throw new Error(`bad item among ${items.join(',')}`);
    }
    return items.map((item) => `answer ${item}`);
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, work, releaseAll };
}

describe('Coalescer', () => {
  it('should write a lone call at once and the calls made meanwhile as one batch', async () => {
    const writer = gatedWriter();
    const coalescer = new Coalescer(writer.work);
    const first = coalescer.submit(1);
    const rest = [2, 3, 4].map((item) => coalescer.submit(item));
    expect(writer.batches).toEqual([[1]]);
    await writer.releaseAll();
    await expect(Promise.all([first, ...rest])).resolves.toEqual([
      'answer 1',
      'answer 2',
      'answer 3',
      'answer 4',
    ]);
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('should split what waits into batches of at most maxBatch', async () => {
    const writer = gatedWriter();
    const coalescer = new Coalescer(writer.work, 2);
    const all = Promise.all([1, 2, 3, 4, 5, 6].map((item) => coalescer.submit(item)));
    await writer.releaseAll();
    await all;
    expect(writer.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('should fail only the caller of a bad item, writing the others again one by one', async () => {
    const writer = gatedWriter((item) => item === 3);
    const coalescer = new Coalescer(writer.work);
    const settled = Promise.allSettled([1, 2, 3, 4].map((item) => coalescer.submit(item)));
    await writer.releaseAll();
    const outcomes = await settled;
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(((outcomes[2] as PromiseRejectedResult).reason as Error).message).toBe(
      'bad item among 3',
    );
    expect(writer.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('should start again after an idle moment', async () => {
    const writer = gatedWriter();
    const coalescer = new Coalescer(writer.work);
    const first = coalescer.submit(1);
    await writer.releaseAll();
    await first;
    const second = coalescer.submit(2);
    await writer.releaseAll();
    await expect(second).resolves.toBe('answer 2');
    expect(writer.batches).toEqual([[1], [2]]);
  });
});
