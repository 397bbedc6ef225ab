/**
 * Accepting (issue 25, target 1): POST /v1/posts and POST /v1/posts/validate of the built server
 * (`SOKU_ROLE=api`, Bull on Redis, limits switched off with SOKU_RATE_LIMIT_ENABLED=false) against
 * a bare NestJS + Express app with one POST route in its own process, 50 connections, unique
 * bodies; then what each global piece of the request path costs in µs of server CPU per request.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBareNest } from './bare-nest';
import { attribute } from './cpu-profile';
import {
  api,
  baseUrl,
  benchUser,
  cpuSeconds,
  startSoku,
  startWorld,
  stopSoku,
  waitUntil,
  type World,
} from './harness';
import { load, withCpu, type Load, type LoadOptions } from './load';
import { machineLoad, recordResult, runBench } from './support';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_DURATION_S ?? 8);
const WARM_UP_S = 2;

const postBody = JSON.stringify({
  post: { content: { text: 'Benchmark post [<id>]', platform: ['x', 'threads'] } },
});

interface Measured {
  load: Load;
  /** Server CPU µs per request served. */
  cpuUs: number;
}

async function measure(pid: number, options: Omit<LoadOptions, 'connections' | 'seconds'>) {
  await load({ ...options, connections: CONNECTIONS, seconds: WARM_UP_S });
  const { result, cpu } = await withCpu(
    () => cpuSeconds(pid),
    () => load({ ...options, connections: CONNECTIONS, seconds: SECONDS }),
  );
  return { load: result, cpuUs: (cpu * 1e6) / Math.max(1, result.total) } satisfies Measured;
}

function show(name: string, m: Measured, base?: Measured): void {
  process.stdout.write(
    `  ${name.padEnd(40)} ${m.load.rps.toFixed(0).padStart(6)} req/s  p99 ${String(m.load.p99).padStart(4)} ms  ` +
      `${m.cpuUs.toFixed(0).padStart(5)} µs CPU/request` +
      (base ? `  ratio ${(m.load.rps / base.load.rps).toFixed(2)}` : '') +
      (m.load.non2xx > 0 ? `  (${m.load.non2xx} non-2xx)` : '') +
      '\n',
  );
}

async function main(): Promise<void> {
  const world = await startWorld();
  const bare = await startBareNest();
  try {
    const apiProc = await startSoku(world, 'api', { queue: 'bull', prefix: `accept${Date.now()}` });
    const url = baseUrl(apiProc);
    const apiKey = await benchUser(world, `bench-accept-${Date.now()}@example.test`);
    await api(`${url}/v1/integrations/sandbox`, apiKey, 'POST', { platforms: ['x', 'threads'] });
    const headers = { 'content-type': 'application/json', 'soku-api-key': apiKey };
    const post = { method: 'POST', headers, body: postBody };
    const sokuPid = apiProc.child.pid!;
    const barePid = bare.child.pid!;

    process.stdout.write(
      `accepting: ${CONNECTIONS} connections, ${SECONDS} s each; ${machineLoad()}\n`,
    );
    const barePost = await measure(barePid, { url: bare.url, ...post });
    show('bare NestJS POST (own process)', barePost);
    const create = await measure(sokuPid, { url: `${url}/v1/posts`, ...post });
    show('POST /v1/posts', create, barePost);
    const validate = await measure(sokuPid, { url: `${url}/v1/posts/validate`, ...post });
    show('POST /v1/posts/validate', validate, barePost);
    const bareGet = await measure(barePid, { url: bare.url });
    show('bare NestJS GET (own process)', bareGet);
    const health = await measure(sokuPid, { url: `${url}/health` });
    show('GET /health (full pipeline)', health, bareGet);
    const perClient = { url: `${url}/health`, clientPerRequest: true };
    const limiterOff = await measure(sokuPid, perClient);
    await stopSoku(apiProc);

    const limited = await startSoku(world, 'api', {
      queue: 'bull',
      prefix: `accept${Date.now()}`,
      env: { SOKU_RATE_LIMIT_ENABLED: 'true' },
    });
    const limiterOn = await measure(limited.child.pid!, {
      ...perClient,
      url: `${baseUrl(limited)}/health`,
    });
    show('GET /health, limiter on (a client per request)', limiterOn, limiterOff);
    await stopSoku(limited);

    const profile = await profiledCreate(world, post);

    const ratio = (m: Measured) => m.load.rps / barePost.load.rps;
    recordResult({
      scenario: `Accepting: POST /v1/posts vs a bare NestJS POST route in its own process (${CONNECTIONS} connections)`,
      ours: `${create.load.rps.toFixed(0)} req/s, ${create.cpuUs.toFixed(0)} µs CPU/request`,
      baseline: `${barePost.load.rps.toFixed(0)} req/s, ${barePost.cpuUs.toFixed(0)} µs CPU/request`,
      ratio: ratio(create),
      target: 'ratio >= 0.40',
      pass: ratio(create) >= 0.4 && create.load.non2xx === 0,
    });
    recordResult({
      scenario: `Accepting: POST /v1/posts p99 latency at ${CONNECTIONS} connections`,
      ours: `${create.load.p99} ms (p50 ${create.load.p50} ms)`,
      baseline: `${barePost.load.p99} ms (bare route)`,
      target: 'p99 <= 50 ms',
      pass: create.load.p99 <= 50,
    });
    recordResult({
      scenario: 'Accepting: POST /v1/posts/validate vs the bare POST route',
      ours: `${validate.load.rps.toFixed(0)} req/s, ${validate.cpuUs.toFixed(0)} µs CPU/request`,
      baseline: `${barePost.load.rps.toFixed(0)} req/s`,
      ratio: ratio(validate),
      target: 'ratio >= 0.60',
      pass: ratio(validate) >= 0.6 && validate.load.non2xx === 0,
    });
    const us = (value: number) => `${value.toFixed(0)} µs/request`;
    const piece = (name: string, ours: string, how: string) =>
      recordResult({
        scenario: `Accepting cost: ${name}`,
        ours,
        baseline: how,
        target: 'reported',
      });
    piece(
      'the whole global pipeline on a trivial route',
      us(health.cpuUs - bareGet.cpuUs),
      `server CPU of GET /health (${us(health.cpuUs)}) minus the bare app's GET (${us(bareGet.cpuUs)})`,
    );
    piece(
      'limiter (global tier, Redis store)',
      us(limiterOn.cpuUs - limiterOff.cpuUs),
      'GET /health with SOKU_RATE_LIMIT_ENABLED=true minus false, a new client IP per request',
    );
    for (const { piece: name, share } of profile.pieces) {
      piece(
        name,
        us(share * create.cpuUs),
        `${(share * 100).toFixed(1)} % of POST /v1/posts CPU samples (--cpu-prof, self time)`,
      );
    }
    recordResult({
      scenario: 'Accepting profile: top functions of POST /v1/posts by self time',
      ours: profile.top.map((f) => `${(f.share * 100).toFixed(1)} % ${f.piece}`).join('; '),
      baseline: 'the same profile',
      target: 'reported',
    });
  } finally {
    await bare.close();
    await world.close();
  }
}

/**
 * POST /v1/posts in a process profiled after its warm-up (bench/cpu-profile-probe.js),
 * attributed to the pieces; the limiter is off, as in the measured run.
 */
async function profiledCreate(
  world: World,
  post: Omit<LoadOptions, 'url' | 'connections' | 'seconds'>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-prof-'));
  try {
    const proc = await startSoku(world, 'api', {
      queue: 'bull',
      prefix: `accept${Date.now()}`,
      env: {
        NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile-probe.js')}`,
        SOKU_BENCH_PROFILE_DIR: dir,
      },
    });
    const options = { url: `${baseUrl(proc)}/v1/posts`, ...post, connections: CONNECTIONS };
    await load({ ...options, seconds: WARM_UP_S });
    proc.child.kill('SIGUSR2');
    await load({ ...options, seconds: SECONDS });
    proc.child.kill('SIGUSR2');
    const file = path.join(dir, `${proc.child.pid}.cpuprofile`);
    await waitUntil(() => Promise.resolve(fs.existsSync(file)), 60_000);
    await stopSoku(proc);
    return attribute(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
