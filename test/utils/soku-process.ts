import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const MAIN = path.resolve(__dirname, '../../dist/main.js');

export interface SokuProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running = new Set<SokuProcess>();

/** SIGKILLs every spawned process still running: a failed test must not leak into the next. */
export function killStray(): void {
  for (const proc of running) {
    proc.child.kill('SIGKILL');
  }
  running.clear();
}

/**
 * Runs the built server (`node dist/main.js`, what `npm start` runs) as a real process, in `cwd`
 * when given (where the default `./.soku/` data dir then lives).
 */
export async function spawnSoku(env: Record<string, string>, cwd?: string): Promise<SokuProcess> {
  if (!fs.existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  }
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc = { child, port, output: () => output, exited };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

/** Polls GET /health until it answers 200, or the process exits, or 60 s pass. */
export async function waitHealthy(proc: SokuProcess): Promise<void> {
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exitedEarly) {
    try {
      const res = await fetch(`http://127.0.0.1:${proc.port}/health/ready`);
      if (res.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Soku did not become healthy:\n${proc.output()}`);
}

/**
 * What a spawned Soku needs to share a test app's world: this Jest worker's database (already
 * migrated) and the app's data dir (the same token-vault key; nothing written into the checkout).
 */
export function sharingTestDatabase(dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: process.env.SOKU_TEST_WORKER_DATABASE_URL!,
    SOKU_DATA_DIR: dataDir,
    SOKU_MIGRATIONS_RUN: 'false',
  };
}

/**
 * The two queue adapters a multi-process suite runs with: the in-process queue, and Bull on
 * Redis database `db` of REDIS_URL (the suite's own; undefined, so skipped, without Redis).
 */
export function queueAdapters(db: number): [string, Record<string, string> | undefined][] {
  const redis = process.env.REDIS_URL
    ? `${process.env.REDIS_URL.replace(/\/\d*$/, '')}/${db}`
    : undefined;
  return [
    ['the in-process queue', {}],
    ['Bull on Redis', redis ? { REDIS_URL: redis } : undefined],
  ];
}

/** PIDs of running postgres processes whose command line names this data dir. */
export function postgresProcessesFor(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const status = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const zombie = status.split(' ')[2] === 'Z';
      if (!zombie && cmdline.includes('postgres') && cmdline.includes(dataDir)) {
        pids.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

const CLI = path.resolve(__dirname, '../../bin/soku.js');

/** Runs `soku <args>` (the package's bin) and resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
