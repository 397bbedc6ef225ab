import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  freePort,
  killStray,
  postgresProcessesFor,
  spawnSoku,
  waitHealthy,
  type SokuProcess,
} from './soku-process';

/** The built server started the way the README's first command starts it, in a fresh folder. */
export interface FreshSoku {
  soku: SokuProcess;
  /** The folder it started in: its data lives under `./.soku/` there. */
  scratch: string;
  /** The demo user's API key, as printed on the first start. */
  apiKey: string;
  /** The `export NAME=value` lines the first start prints under "Try it" (SOKU_API_KEY…). */
  printedEnv: Record<string, string>;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * `npm start` (dist/main.js) in a new folder with no SOKU_DATA_DIR: only what this machine needs
 * besides (a free port for the embedded PostgreSQL) and what the caller adds (`env`).
 */
export async function startFreshSoku(env: Record<string, string>): Promise<FreshSoku> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-readme-'));
  // Embedded PostgreSQL may run as another OS user, which must enter the folder.
  fs.chmodSync(scratch, 0o755);
  const soku = await spawnSoku(
    { SOKU_EMBEDDED_PG_PORT: String(await freePort()), ...env },
    scratch,
  );
  await waitHealthy(soku).catch((error: unknown) => {
    killStray();
    throw error;
  });
  const apiKey = /API key \(shown once\): (sk_\w+)/.exec(soku.output())![1];
  const stop = async () => {
    soku.child.kill('SIGTERM');
    await soku.exited;
    killStray();
    for (const pid of postgresProcessesFor(scratch)) {
      process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  const printedEnv = Object.fromEntries(
    [...soku.output().matchAll(/^\s*export (\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
  );
  return { soku, scratch, apiKey, printedEnv, baseUrl: `http://127.0.0.1:${soku.port}`, stop };
}

/** Fetches a URL Soku handed back: it must answer 200 with the expected type. */
export async function expectServed(
  url: string,
  type: string | RegExp,
  headers: Record<string, string> = {},
): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'text/html,*/*', ...headers } });
  const served = res.headers.get('content-type')?.split(';')[0] ?? '';
  await res.arrayBuffer();
  const typeMatches = typeof type === 'string' ? served === type : type.test(served);
  expect([url, res.status, typeMatches ? type : served]).toEqual([url, 200, type]);
}
