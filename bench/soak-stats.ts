import * as fs from 'node:fs';
import * as path from 'node:path';

/** A soak's samples and their figures: means, windows and the least-squares slope per minute. */

export interface Sample {
  t: number;
  rss: number;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
  arrayBuffers?: number;
  lagP50?: number;
  lagP99?: number;
  lagMax?: number;
}

export const mean = (values: number[]): number =>
  values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Least-squares slope of `value` per minute over the samples. */
export function slopePerMinute<T extends { t: number }>(
  samples: T[],
  value: (s: T) => number,
): number {
  if (samples.length < 2) {
    return NaN;
  }
  const xs = samples.map((s) => s.t / 60_000);
  const ys = samples.map(value);
  const mx = mean(xs);
  const my = mean(ys);
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return num / den;
}

/** The first and last `windowS` seconds of a run, and everything after the first. */
export function windows<T extends { t: number }>(
  items: T[],
  started: number,
  ended: number,
  windowS: number,
) {
  return {
    first: items.filter((item) => item.t < started + windowS * 1000),
    last: items.filter((item) => item.t >= ended - windowS * 1000),
    afterWarmUp: items.filter((item) => item.t >= started + windowS * 1000),
  };
}

/** The lines bench/soak-probe.js wrote for process `pid` into `dir`. */
export function probeSamples(dir: string, pid: number): Sample[] {
  const file = path.join(dir, `${pid}.jsonl`);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Sample);
}
