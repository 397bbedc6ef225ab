/** bench/SOAK.md from a soak's samples, probes, calls and publishing counts. */
import { machineDetails, percentile } from './support';
import { mean, slopePerMinute, windows, type Sample } from './soak-stats';
import { isExpected, type Call, type Operation } from './soak-traffic';

export interface Publishing {
  submissions: number;
  runs: Record<string, number>;
  published: number;
  doubled: number;
}

export interface SoakRun {
  seconds: number;
  sampleMs: number;
  /** First and last window, and the warm-up the slope leaves out. */
  windowS: number;
  scale: number;
  rates: Record<Operation, number>;
  redisUrl: string;
  started: number;
  processes: string[];
  rss: Map<string, Sample[]>;
  probes: Map<string, Sample[]>;
  calls: Call[];
  publishing: Publishing;
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

export function report(run: SoakRun): string {
  const ended = run.started + run.seconds * 1000;
  const { rates } = run;
  return [
    '# Soak report',
    '',
    machineDetails('as the soak ended (1, 5, 15 min: the last spans most of the soak)'),
    '',
    `\`npm run soak\` with SOKU_SOAK_SECONDS=${run.seconds}: the built server as one API process ` +
      `(SOKU_ROLE=api) and two worker processes (SOKU_ROLE=worker), embedded PostgreSQL, Bull on ` +
      `Redis (${run.redisUrl.replace(/\/\/.*@/, '//')}), rate limits off. Steady traffic per second: ` +
      `(SOKU_SOAK_RATE=${run.scale}) ${rates.post} POST /v1/posts (2 sandbox targets each), ${rates.read} reads ` +
      `(GET /v1/posts, GET /v1/posts/:id, GET /v1/media), ${rates.media} POST /v1/media import ` +
      `from a loopback origin, ${rates.template} POST /v1/templates (unique text, so every one ` +
      `renders). RSS from /proc/<pid>/status every ${run.sampleMs / 1000} s; heap and event-loop ` +
      `delay from bench/soak-probe.js preloaded into each process. "First" and "last" are the ` +
      `first and last ${run.windowS} s; the slope is a least-squares fit over everything after the ` +
      `first ${run.windowS} s (warm-up: JIT, pools, caches).`,
    '',
    'The machine has 2 cores shared with other jobs running at the same time; latencies and ' +
      'delays include that contention.',
    '',
    ...memoryTable(run, ended),
    ...rssSeries(run, ended),
    ...requestTable(run, ended),
    '',
    '## Publishing',
    '',
    `${run.publishing.submissions} submissions; runs by status after the traffic stopped: ` +
      `${JSON.stringify(run.publishing.runs)}; ${run.publishing.published} sandbox publishes, ` +
      `${run.publishing.doubled} runs published more than once.`,
    '',
  ].join('\n');
}

function memoryTable(run: SoakRun, ended: number): string[] {
  const out = [
    '## Memory and event loop',
    '',
    '| process | RSS first (MB) | RSS last (MB) | RSS slope (MB/min) | heap first (MB) | heap last (MB) | heap slope (MB/min) | loop delay p99 first (ms) | loop delay p99 last (ms) | loop delay max (ms) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const heap = (s: Sample) => s.heapUsed ?? 0;
  const lag = (s: Sample) => s.lagP99 ?? 0;
  for (const name of run.processes) {
    const r = windows(run.rss.get(name)!, run.started, ended, run.windowS);
    const p = windows(run.probes.get(name)!, run.started, ended, run.windowS);
    out.push(
      `| ${name} | ${mb(mean(r.first.map((s) => s.rss)))} | ${mb(mean(r.last.map((s) => s.rss)))} | ` +
        `${mb(slopePerMinute(r.afterWarmUp, (s) => s.rss))} | ${mb(mean(p.first.map(heap)))} | ` +
        `${mb(mean(p.last.map(heap)))} | ${mb(slopePerMinute(p.afterWarmUp, heap))} | ` +
        `${mean(p.first.map(lag)).toFixed(1)} | ${mean(p.last.map(lag)).toFixed(1)} | ` +
        `${Math.max(...run.probes.get(name)!.map((s) => s.lagMax ?? 0)).toFixed(0)} |`,
    );
  }
  return out;
}

/** RSS in ten intervals across the run. */
function rssSeries(run: SoakRun, ended: number): string[] {
  const step = Math.max(1, Math.round(run.seconds / 10)) * 1000;
  const starts: number[] = [];
  for (let t = run.started; t < ended; t += step) {
    starts.push(t);
  }
  const heads = starts.map((t) => `${Math.round((t - run.started) / 1000)} s`);
  const cells = (samples: Sample[]) =>
    starts.map((t) => {
      const v = mean(samples.filter((s) => s.t >= t && s.t < t + step).map((s) => s.rss));
      return Number.isNaN(v) ? '-' : mb(v);
    });
  return [
    '',
    `RSS (MB) every ${step / 1000} s, mean of the samples in each interval:`,
    '',
    `| process | ${heads.join(' | ')} |`,
    `|---|${heads.map(() => '---').join('|')}|`,
    ...run.processes.map((name) => `| ${name} | ${cells(run.rss.get(name)!).join(' | ')} |`),
  ];
}

function requestTable(run: SoakRun, ended: number): string[] {
  const out = [
    '',
    '## Requests',
    '',
    '| operation | requests | non-2xx | p50 first (ms) | p99 first (ms) | p50 last (ms) | p99 last (ms) |',
    '|---|---|---|---|---|---|---|',
  ];
  const ms = (list: Call[], p: number) =>
    list.length
      ? String(
          percentile(
            list.map((c) => c.ms),
            p,
          ),
        )
      : '-';
  for (const op of Object.keys(run.rates) as Operation[]) {
    const mine = run.calls.filter((call) => call.op === op);
    const w = windows(mine, run.started, ended, run.windowS);
    const failed = mine.filter((call) => !isExpected(call));
    const statuses = [...new Set(failed.map((call) => call.status))].join(', ');
    out.push(
      `| ${op} | ${mine.length} | ${failed.length}${statuses ? ` (${statuses})` : ''} | ` +
        `${ms(w.first, 50)} | ${ms(w.first, 99)} | ${ms(w.last, 50)} | ${ms(w.last, 99)} |`,
    );
  }
  return out;
}
