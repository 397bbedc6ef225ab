import * as v8 from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * V8's flag for SOKU_HEAP_GROWTH_PERCENT, or undefined to leave V8's own choice: at 0, or when
 * node was started with the flag (the operator's command line wins).
 *
 * Why: under a burst of publishing (10,000 posts due at once) most objects live as long as a
 * platform call, survive the young generation and die in the old one. V8 then lets the old
 * space grow up to four times the live set before the next full GC: +340 MiB of RSS for a live
 * set that grew by 20 MiB. Twice the live set keeps the growth near +170 MiB at the same
 * throughput (bench/REPORT.md, the due bench's memory row).
 */
export function heapGrowthFlag(percent: number, execArgv: string[]): string | undefined {
  if (percent === 0 || execArgv.some((arg) => arg.startsWith(FLAG))) {
    return undefined;
  }
  return `${FLAG}=${percent}`;
}

/** Applies it before the app allocates: the growing factor is read at each full GC. */
export function applyHeapGrowth(percent: number): void {
  const flag = heapGrowthFlag(percent, process.execArgv);
  if (flag) {
    v8.setFlagsFromString(flag);
  }
}
