import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_CATALOG } from '../../../src/cli/command-catalog';
import { createUser } from '../../utils/identity';
import { runCli, sharingTestDatabase } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const COMMAND_NAMES = Object.keys(COMMAND_CATALOG);

/** The built `soku` bin, spawned: help, usage errors and exit codes (0 done, 1 failed, 2 usage). */
describe('the soku CLI', () => {
  // No database is named: help and usage errors must answer without touching one.
  const offline = (args: string[]) => runCli(args, { SOKU_DATA_DIR: '/nonexistent/soku' });

  it.each([['--help'], ['-h'], ['help']])('should list every command for %s', async (flag) => {
    const res = await offline([flag]);
    expect(res.code).toBe(0);
    for (const name of COMMAND_NAMES) {
      expect(res.stdout).toContain(name);
    }
  });

  it.each(COMMAND_NAMES)('should describe %s and each of its options', async (name) => {
    for (const args of [
      [name, '--help'],
      ['help', name],
    ]) {
      const res = await offline(args);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: soku ${name}`);
      for (const option of Object.keys(
        COMMAND_CATALOG[name as keyof typeof COMMAND_CATALOG].options,
      )) {
        expect(res.stdout).toContain(`--${option}`);
      }
    }
  });

  it('should print the help on stderr and exit 2 without a command', async () => {
    const res = await offline([]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: soku');
  });

  it.each([
    [['users:creat'], "unknown command 'users:creat'"],
    [['users:create', '--emial', 'a@b.c'], "unknown option '--emial'"],
    [['users:create', '--email'], "option '--email <email>' argument missing"],
    [['users:create', 'stray'], 'too many arguments'],
  ])('should refuse %j with exit 2 and say why', async (args, message) => {
    const res = await offline(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stderr).toContain('--help');
    expect(res.stdout).toBe('');
    const json = await offline([args[0], '--json', ...args.slice(1)]);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'usage_error', message: expect.stringContaining(message) },
    });
  });

  describe('against the database', () => {
    let t: TestApp;
    let dataDir: string;

    beforeAll(async () => {
      t = await createTestApp();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-cli-'));
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('should run a command (exit 0) and report a failed one (exit 1)', async () => {
      const user = await createUser(t);
      const env = sharingTestDatabase(dataDir);
      const listed = await runCli(['integrations:list', '--email', user.email], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toBe('integrations: []\n');
      const failed = await runCli(['credits:grant', '--email', user.email, '--amount', '0'], env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('soku credits:grant: --amount must be a whole number');
    });
  });
});
