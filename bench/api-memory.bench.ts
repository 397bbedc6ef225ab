/**
 * API memory over an accepting soak (issue 25, target 4): the API process (`SOKU_ROLE=api`, Bull
 * on Redis) takes a steady BENCH_SOAK_RATE POST /v1/posts a second (unique bodies, two sandbox
 * targets each) for BENCH_SOAK_S seconds (default 60; 600 is the 10 minutes) while a
 * worker process publishes them. RSS from /proc every 5 s; flat means the least-squares slope
 * after the first window (warm-up: JIT, pools, caches) stays near zero.
 */
import { api, baseUrl, benchUser, mib, rssBytes, startSoku, startWorld, stopSoku } from './harness';
import { load } from './load';
import { mean, slopePerMinute, type Sample } from './soak';
import { machineLoad, recordResult, runBench } from './support';

const SECONDS = Number(process.env.BENCH_SOAK_S ?? 60);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 20);
const SAMPLE_MS = 5_000;
const WINDOW_S = Math.min(60, SECONDS / 4);
/** "Flat": under 1 MiB a minute after warm-up. */
const FLAT_MIB_PER_MINUTE = 1;

async function main(): Promise<void> {
  const world = await startWorld();
  const prefix = `soak${Date.now()}`;
  const apiProc = await startSoku(world, 'api', { queue: 'bull', prefix });
  const worker = await startSoku(world, 'worker', { queue: 'bull', prefix });
  try {
    const url = baseUrl(apiProc);
    const apiKey = await benchUser(world, `bench-soak-${prefix}@example.test`);
    await api(`${url}/v1/integrations/sandbox`, apiKey, 'POST', { platforms: ['x', 'threads'] });
    process.stdout.write(
      `api memory: ${RATE} POST /v1/posts a second for ${SECONDS} s; ${machineLoad()}\n`,
    );
    const pid = apiProc.child.pid!;
    const samples: Sample[] = [];
    const sample = () => {
      const rss = rssBytes(pid);
      if (rss !== undefined) {
        samples.push({ t: Date.now(), rss });
      }
    };
    const started = Date.now();
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
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
    clearInterval(sampler);
    sample();
    const warm = started + WINDOW_S * 1000;
    const first = mean(samples.filter((s) => s.t < warm).map((s) => s.rss));
    const last = mean(samples.filter((s) => s.t >= Date.now() - WINDOW_S * 1000).map((s) => s.rss));
    const slope = slopePerMinute(
      samples.filter((s) => s.t >= warm),
      (s) => s.rss,
    );
    process.stdout.write(
      `  ${result.total} requests (${result.non2xx} non-2xx), RSS ${mib(first)} -> ${mib(last)}, ` +
        `slope ${(slope / 1024 / 1024).toFixed(2)} MiB/min\n`,
    );
    recordResult({
      scenario: `Memory: API RSS over a ${SECONDS} s accepting soak (${RATE} POST /v1/posts/s)`,
      ours: `${mib(first)} first ${WINDOW_S} s -> ${mib(last)} last ${WINDOW_S} s, slope ${(slope / 1024 / 1024).toFixed(2)} MiB/min after warm-up`,
      baseline: `the first ${WINDOW_S} s of the same process`,
      target: `flat (slope < ${FLAT_MIB_PER_MINUTE} MiB/min); 600 s for the issue's soak`,
      pass: slope / 1024 / 1024 < FLAT_MIB_PER_MINUTE && result.non2xx === 0,
    });
  } finally {
    await stopSoku(worker);
    await stopSoku(apiProc);
    await world.close();
  }
}

runBench(main);
