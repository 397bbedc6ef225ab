/**
 * API memory over an accepting soak (issue 25, target 4): the API process (`SOKU_ROLE=api`, Bull
 * on Redis) takes a steady BENCH_SOAK_RATE POST /v1/posts a second (unique bodies, two sandbox
 * targets each) for BENCH_SOAK_S seconds (default 240; 600 is the issue's 10 minutes) while a
 * worker process publishes them. RSS, heap, external and array buffers come from
 * process.memoryUsage() inside the API process (bench/soak-probe.js, preloaded) every 5 s.
 * BENCH_SOAK_HEAP_SNAPSHOTS=1 also takes a heap snapshot at the end of warm-up and one at the end
 * of the load and prints what grew between them, by constructor (the snapshots pause the API and
 * cost memory of their own, so the row's slope is measured without them).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api, baseUrl, benchUser, mib, startSoku, startWorld, stopSoku } from './harness';
import {
  grown,
  SNAPSHOT_NODE_OPTIONS,
  summarize,
  takeSnapshot,
  totalSelfSize,
} from './heap-snapshot';
import { load } from './load';
import { mean, probeSamples, slopePerMinute, windows, type Sample } from './soak-stats';
import { machineLoad, recordResult, runBench } from './support';

const SECONDS = Number(process.env.BENCH_SOAK_S ?? 240);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 20);
const SNAPSHOTS = process.env.BENCH_SOAK_HEAP_SNAPSHOTS === '1';
const SAMPLE_MS = 5_000;
/**
 * Warm-up: JIT, the pg and Redis pools, V8 growing its young and old spaces to the steady
 * allocation rate. Two minutes, or half of a shorter run.
 */
const WARM_UP_S = Math.min(120, SECONDS / 2);
/**
 * "Flat": the least-squares RSS slope after warm-up under 1 MiB a minute. At 20 requests a
 * second a leak of 1 KiB per request is 1.2 MiB/min, so it fails; GC cycles move RSS by a few
 * MiB either way, which a fit over several minutes of 5 s samples averages well below that.
 */
const FLAT_MIB_PER_MINUTE = 1;
const MEASURES = ['rss', 'heapUsed', 'external', 'arrayBuffers'] as const;
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const world = await startWorld();
  const prefix = `soak${Date.now()}`;
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-api-memory-'));
  // Kept after the run (and named in the output) for a closer look in DevTools.
  const snapshotDir = SNAPSHOTS ? fs.mkdtempSync(path.join(os.tmpdir(), 'soku-heap-')) : '';
  const apiProc = await startSoku(world, 'api', {
    queue: 'bull',
    prefix,
    env: {
      NODE_OPTIONS:
        `--require ${path.join(__dirname, 'soak-probe.js')}` +
        (SNAPSHOTS ? ` ${SNAPSHOT_NODE_OPTIONS(snapshotDir)}` : ''),
      SOKU_SOAK_PROBE_DIR: probeDir,
      SOKU_SOAK_PROBE_INTERVAL_MS: String(SAMPLE_MS),
    },
  });
  const worker = await startSoku(world, 'worker', { queue: 'bull', prefix });
  try {
    const url = baseUrl(apiProc);
    const apiKey = await benchUser(world, `bench-soak-${prefix}@example.test`);
    await api(`${url}/v1/integrations/sandbox`, apiKey, 'POST', { platforms: ['x', 'threads'] });
    process.stdout.write(
      `api memory: ${RATE} POST /v1/posts a second for ${SECONDS} s; ${machineLoad()}\n`,
    );
    const pid = apiProc.child.pid!;
    const started = Date.now();
    const snapshots = SNAPSHOTS
      ? snapshotsDuringLoad(pid, snapshotDir, `${url}/health`)
      : undefined;
    const result = await load({
      url: `${url}/v1/posts`,
      connections: 10,
      seconds: SECONDS,
      rate: RATE,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'soku-api-key': apiKey },
      body: JSON.stringify({
        post: { content: { text: 'Soak post [<id>]', platform: ['x', 'threads'] } },
      }),
    });
    const ended = Date.now();
    const samples = probeSamples(probeDir, pid);
    printSeries(samples, started);
    const w = windows(samples, started, ended, WARM_UP_S);
    const slope = (m: (typeof MEASURES)[number]) =>
      slopePerMinute(w.afterWarmUp, (s) => s[m] ?? 0) / MiB;
    const rssSlope = slope('rss');
    const first = mean(w.first.map((s) => s.rss));
    const last = mean(w.last.map((s) => s.rss));
    process.stdout.write(
      `  ${result.total} requests (${result.non2xx} non-2xx), RSS ${mib(first)} -> ${mib(last)}; ` +
        `slopes after warm-up (MiB/min): ${MEASURES.map((m) => `${m} ${slope(m).toFixed(2)}`).join(', ')}; ` +
        `${machineLoad()}\n`,
    );
    if (snapshots) {
      printGrowth(...(await snapshots));
      process.stdout.write(`  heap snapshots kept in ${snapshotDir}\n`);
    }
    recordResult({
      scenario: `Memory: API RSS over a ${SECONDS} s accepting soak (${RATE} POST /v1/posts/s)`,
      ours:
        `slope ${rssSlope.toFixed(2)} MiB/min over the last ${((SECONDS - WARM_UP_S) / 60).toFixed(1)} min ` +
        `(heap ${slope('heapUsed').toFixed(2)}, external ${slope('external').toFixed(2)}, ` +
        `array buffers ${slope('arrayBuffers').toFixed(2)}); RSS ${mib(first)} first ` +
        `${WARM_UP_S} s -> ${mib(last)} last ${WARM_UP_S} s; ${machineLoad()}`,
      baseline: `the first ${WARM_UP_S} s (warm-up) of the same process`,
      target: `flat: RSS slope < ${FLAT_MIB_PER_MINUTE} MiB/min after ${WARM_UP_S} s warm-up; BENCH_SOAK_S=600 for the issue's 10 minutes`,
      pass: rssSlope < FLAT_MIB_PER_MINUTE && result.non2xx === 0,
    });
  } finally {
    await stopSoku(worker);
    await stopSoku(apiProc);
    await world.close();
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

/** One snapshot as warm-up ends, one 15 s before the load does. */
async function snapshotsDuringLoad(
  pid: number,
  dir: string,
  healthUrl: string,
): Promise<[string, string]> {
  const at = async (s: number) => {
    await new Promise((resolve) => setTimeout(resolve, s * 1000));
    return takeSnapshot(pid, dir, healthUrl);
  };
  const warm = await at(WARM_UP_S);
  const end = await at(Math.max(0, SECONDS - WARM_UP_S - 15));
  return [warm, end];
}

/** Each measure's mean per minute of the run, so warm-up and growth show at a glance. */
function printSeries(samples: Sample[], started: number): void {
  process.stdout.write(`  minute | ${MEASURES.join(' | ')} (MiB)\n`);
  for (let minute = 0; started + minute * 60_000 < Date.now(); minute++) {
    const from = started + minute * 60_000;
    const inMinute = samples.filter((s) => s.t >= from && s.t < from + 60_000);
    const cells = MEASURES.map((m) => (mean(inMinute.map((s) => s[m] ?? 0)) / MiB).toFixed(1));
    process.stdout.write(`  ${String(minute).padStart(6)} | ${cells.join(' | ')}\n`);
  }
}

function printGrowth(before: string, after: string): void {
  const then = summarize(before);
  const now = summarize(after);
  process.stdout.write(
    `  heap snapshots: ${(totalSelfSize(then) / MiB).toFixed(1)} MiB -> ` +
      `${(totalSelfSize(now) / MiB).toFixed(1)} MiB; grown most (self size, objects):\n`,
  );
  for (const g of grown(then, now)) {
    process.stdout.write(
      `    ${(g.selfSize / 1024).toFixed(0).padStart(8)} KiB ${String(g.count).padStart(8)}  ${g.name}\n`,
    );
  }
}

runBench(main);
