import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, postgresProcessesFor } from '../../utils/soku-process';

const CHECKOUT = path.resolve(__dirname, '../../..');
/** What a clone has that the build and `npm start` read; node_modules is linked, not copied. */
const COPIED = [
  'src',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];
const BANNER = 'Soku is running';
/** Two builds on a loaded 2-core machine. */
jest.setTimeout(600_000);

/**
 * `npm start` as the README's first command runs it, in a scratch copy of the checkout with no
 * dist/: it builds once, showing progress, then starts from the build while the sources are
 * unchanged; the start-up output is the few lines a person reads.
 */
describe('npm start', () => {
  let root: string;
  let clone: string;
  let dataDir: string;
  let running: ChildProcess | undefined;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-npm-start-'));
    fs.chmodSync(root, 0o755);
    clone = path.join(root, 'clone');
    dataDir = path.join(root, 'data');
    for (const entry of COPIED) {
      fs.cpSync(path.join(CHECKOUT, entry), path.join(clone, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(CHECKOUT, 'node_modules'), path.join(clone, 'node_modules'));
  });

  afterEach(() => {
    if (running?.pid && running.exitCode === null && running.signalCode === null) {
      process.kill(-running.pid, 'SIGKILL');
    }
  });

  afterAll(() => {
    for (const pid of postgresProcessesFor(dataDir)) {
      process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Runs `npm start` until the banner is printed, stops it with SIGTERM, returns its output. */
  async function npmStartUntilBanner(): Promise<string> {
    const child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(await freePort()),
        SOKU_DATA_DIR: dataDir,
        SOKU_EMBEDDED_PG_PORT: String(await freePort()),
      },
    });
    running = child;
    let output = '';
    // close, not exit: once Soku, which shares the pipes, has finished too.
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(BANNER)) {
          resolve();
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      void exited.then(() => reject(new Error(`npm start exited:\n${output}`)));
    });
    // npm, its shell and Soku form one process group: the signal reaches Soku as Ctrl-C would.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    expect(output).toContain('shutdown complete');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    return output;
  }

  function linesBefore(output: string, marker: string): string[] {
    return output
      .slice(0, output.indexOf(marker))
      .split('\n')
      .filter((line) => line.trim() !== '');
  }

  it('should build a fresh clone once, saying so, then start without the framework listings', async () => {
    const output = await npmStartUntilBanner();
    expect(output).toContain('Building Soku (no build yet)');
    expect(output).toMatch(/Built in \d+\.\d s\./);
    expect(output).not.toContain('Mapped {');
    expect(output).not.toContain('dependencies initialized');
    // npm's two script headers, the build's three lines, PostgreSQL's first-run lines, one log line.
    expect(linesBefore(output, BANNER).length).toBeLessThanOrEqual(16);
  });

  it('should start from the existing build while the sources are unchanged', async () => {
    const distMain = path.join(clone, 'dist', 'main.js');
    const builtAt = fs.statSync(distMain).mtimeMs;
    const output = await npmStartUntilBanner();
    expect(output).not.toContain('Building Soku');
    expect(fs.statSync(distMain).mtimeMs).toBe(builtAt);
    expect(linesBefore(output, BANNER).length).toBeLessThanOrEqual(10);
  });

  it('should rebuild when a source changes, and only then', () => {
    const buildIfStale = () =>
      spawnSync(process.execPath, ['scripts/build-if-stale.js'], { cwd: clone, encoding: 'utf8' });
    expect(buildIfStale().stderr).toBe('');

    fs.appendFileSync(path.join(clone, 'src', 'main.ts'), '// a local edit\n');
    const rebuilt = buildIfStale();
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).toContain('Building Soku (the sources changed since the last build)');
    expect(fs.readFileSync(path.join(clone, 'dist', 'main.js'), 'utf8')).toContain('a local edit');

    expect(buildIfStale().stderr).toBe('');
  });
});
