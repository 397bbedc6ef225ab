import { heapGrowthFlag } from './heap-growth';

describe('heapGrowthFlag', () => {
  it('should name the percent as V8 spells it', () => {
    expect(heapGrowthFlag(100, [])).toBe('--heap-growing-percent=100');
  });

  it("should leave V8's own choice at 0", () => {
    expect(heapGrowthFlag(0, [])).toBeUndefined();
  });

  it("should let node's own command line win", () => {
    expect(heapGrowthFlag(100, ['--heap-growing-percent=30'])).toBeUndefined();
  });
});
