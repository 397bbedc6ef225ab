import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  freePort,
  killStray,
  postgresProcessesFor,
  runCli,
  spawnSoku,
  waitHealthy,
} from '../../utils/soku-process';

const isRoot = process.getuid?.() === 0;

/**
 * The real server process in embedded mode: `node dist/main.js` with no DATABASE_URL, starting
 * its own PostgreSQL from the npm binaries, as `npm start` does.
 */
describe('the Soku process in embedded mode', () => {
  let root: string;
  let dataDir: string;
  let pgPort: number;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-proc-'));
    fs.chmodSync(root, 0o755);
    dataDir = path.join(root, 'data');
    pgPort = await freePort();
  });

  afterEach(() => killStray());

  afterAll(() => {
    for (const pid of postgresProcessesFor(dataDir)) {
      process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  // A fresh port for every start: between two starts another test may have taken the last one.
  const start = async () => {
    pgPort = await freePort();
    return spawnSoku({ SOKU_DATA_DIR: dataDir, SOKU_EMBEDDED_PG_PORT: String(pgPort) });
  };

  it('should start on a fresh data dir and leave no PostgreSQL behind after SIGTERM', async () => {
    const soku = await start();
    await waitHealthy(soku);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
    expect(soku.output()).toContain(`Swagger UI: http://localhost:${soku.port}/docs`);
    expect(soku.output()).toContain(`Console:    http://localhost:${soku.port}/console`);
    // First run: a demo user whose ID token works at once.
    expect(soku.output()).toMatch(/API key \(shown once\): sk_live_\w{49}/);
    const token = /export SOKU_ID_TOKEN=(\S+)/.exec(soku.output())![1];
    const keys = await fetch(`http://127.0.0.1:${soku.port}/v1/api-keys`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(keys.status).toBe(200);
    // …and one sandbox account per platform.
    const apiKey = /API key \(shown once\): (sk_live_\w{49})/.exec(soku.output())![1];
    const integrations = await fetch(`http://127.0.0.1:${soku.port}/v1/integrations`, {
      headers: { 'soku-api-key': apiKey },
    });
    const { integrations: accounts } = (await integrations.json()) as {
      integrations: { accountId: string; sandbox: boolean }[];
    };
    expect(accounts).toHaveLength(8);
    expect(accounts.every((account) => account.sandbox)).toBe(true);
    // The built server carries the console's static files.
    const consolePage = await fetch(`http://127.0.0.1:${soku.port}/console`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toMatch(
      /<script src="\/console\/console\.js\?v=[0-9a-f]{16}" defer>/,
    );
    // …and the composer's counters: the file `npm run build` bundled into dist.
    const counters = await fetch(`http://127.0.0.1:${soku.port}/console/console-text-length.js`);
    expect(counters.status).toBe(200);
    expect(Buffer.from(await counters.arrayBuffer())).toEqual(
      fs.readFileSync(
        path.resolve(__dirname, '../../../dist/modules/console/public/console-text-length.js'),
      ),
    );

    soku.child.kill('SIGTERM');
    expect(await soku.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('should start again on the same data dir, without a second demo user', async () => {
    const soku = await start();
    await waitHealthy(soku);
    expect(soku.output()).not.toContain('First run');
    soku.child.kill('SIGTERM');
    expect(await soku.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('should adopt the PostgreSQL a SIGKILLed process left running', async () => {
    const killed = await start();
    await waitHealthy(killed);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    const next = await start();
    await waitHealthy(next);
    expect(next.output()).toContain('joining the embedded PostgreSQL already running');
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('should start over a stale postmaster.pid left by a crash', async () => {
    fs.writeFileSync(
      path.join(dataDir, 'postgres', 'postmaster.pid'),
      `999999\n${path.join(dataDir, 'postgres')}\n0\n${pgPort}\n\n127.0.0.1\n0 0\nready\n`,
    );
    const soku = await start();
    await waitHealthy(soku);
    expect(soku.output()).toContain('removing stale');
    soku.child.kill('SIGTERM');
    expect(await soku.exited).toBe(0);
  });

  it('should let a second process join the running PostgreSQL without stopping it', async () => {
    const first = await start();
    await waitHealthy(first);
    const second = await start();
    await waitHealthy(second);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const still = await fetch(`http://127.0.0.1:${first.port}/health/ready`);
    expect(still.status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it("should let the CLI join the running server's PostgreSQL, or start and stop its own", async () => {
    const env = { SOKU_DATA_DIR: dataDir, SOKU_EMBEDDED_PG_PORT: String(await freePort()) };
    const soku = await start();
    await waitHealthy(soku);

    const created = await runCli(['users:create', '--email', 'cli@example.test', '--json'], env);
    expect(created.code).toBe(0);
    const user = JSON.parse(created.stdout);
    expect(Object.keys(user)).toEqual(['userId', 'email', 'apiKey', 'idToken']);
    const listed = await fetch(`http://127.0.0.1:${soku.port}/v1/api-keys`, {
      headers: { Authorization: `Bearer ${user.idToken}` },
    });
    expect(((await listed.json()) as { keys: { name: string }[] }).keys).toEqual([
      expect.objectContaining({ name: 'default' }),
    ]);
    soku.child.kill('SIGTERM');
    expect(await soku.exited).toBe(0);

    const token = await runCli(['users:token', '--email', 'cli@example.test', '--json'], env);
    expect(token.code).toBe(0);
    expect(Object.keys(JSON.parse(token.stdout))).toEqual(['idToken']);
    const sub = await runCli(
      ['subscriptions:set', '--email', 'cli@example.test', '--status', 'expired', '--json'],
      env,
    );
    expect(JSON.parse(sub.stdout)).toEqual({
      userId: user.userId,
      status: 'expired',
      currentPeriodEnd: null,
    });
    const key = await runCli(
      ['api-keys:create', '--email', 'cli@example.test', '--name', 'ci', '--json'],
      env,
    );
    expect(JSON.parse(key.stdout).apiKey).toMatch(/^sk_live_/);
    const missing = await runCli(['users:token', '--email', 'nobody@example.test', '--json'], env);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: { code: 'not_found', message: 'No user with email nobody@example.test' },
    });
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    // Five CLI runs, each booting the services: slow on a loaded 2-core machine.
  }, 180_000);

  it('should refuse bad configuration with the list of bad variables', async () => {
    const soku = await spawnSoku({
      SOKU_ROLE: 'boss',
      DATABASE_URL: 'mysql://nope',
      SOKU_DATA_DIR: dataDir,
    });
    expect(await soku.exited).toBe(78);
    expect(soku.output()).toContain('Invalid configuration (2 problems)');
    expect(soku.output()).toContain('SOKU_ROLE: must be one of: all, api, worker (got "boss")');
    expect(soku.output()).toContain('DATABASE_URL: must be a PostgreSQL URL');
  });

  it('should warn at boot about a pinned API version near its sunset', async () => {
    // Logged before the database is reached, so an unreachable one is enough to see it.
    const soku = await spawnSoku({
      SOKU_LINKEDIN_VERSION: '202601',
      DATABASE_URL: `postgres://soku:soku@127.0.0.1:${await freePort()}/soku_test`,
      SOKU_DATA_DIR: dataDir,
    });
    const warning = 'LinkedIn API version 202601 (SOKU_LINKEDIN_VERSION)';
    while (!soku.output().includes(warning) && soku.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    soku.child.kill('SIGKILL');
    expect(soku.output()).toMatch(
      /"level":"warn".*LinkedIn API version 202601 .*sunset on 2027-01-01/,
    );
  });

  (isRoot ? it : it.skip)(
    'should explain, without a stack trace, a data dir the postgres user cannot reach',
    async () => {
      const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-locked-'));
      fs.chmodSync(locked, 0o700);
      try {
        const soku = await spawnSoku({
          SOKU_DATA_DIR: path.join(locked, 'data'),
          SOKU_EMBEDDED_PG_PORT: String(await freePort()),
        });
        expect(await soku.exited).toBe(1);
        expect(soku.output()).toContain(`cannot enter ${locked}`);
        expect(soku.output()).toContain(`chmod o+x ${locked}`);
        expect(soku.output()).not.toMatch(/\n\s+at /);
      } finally {
        fs.rmSync(locked, { recursive: true, force: true });
      }
    },
  );
});
