import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createUser, type TestUser } from '../../utils/identity';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const ROOT = path.resolve(__dirname, '../../..');
const TSC = require.resolve('typescript/bin/tsc');
/** The client's one dependency and its own, packed from this checkout: installs stay offline. */
const DEPENDENCIES = ['openapi-fetch', 'openapi-typescript-helpers'];

/**
 * What a user's project does with the package: type-checked against its .d.ts (a misspelt route
 * must not compile), then run against Soku: a key from the ID token, a sandbox account, a post
 * read back until it settles, and a refused post caught as a SokuApiError.
 */
const CONSUMER = `
import { createSokuClient, SokuApiError, unwrap, type Schemas, type SokuClient } from '@soku/client';

export function misspelt(soku: SokuClient) {
  // @ts-expect-error the routes are typed, so one that does not exist does not compile
  return soku.GET('/v1/postz');
}

async function main(): Promise<void> {
  const baseUrl = process.env.SOKU_BASE_URL ?? '';
  const account = createSokuClient({ baseUrl, idToken: process.env.SOKU_ID_TOKEN });
  const { apiKey } = unwrap(await account.POST('/v1/api-keys', { body: { name: 'package' } }));
  const soku = createSokuClient({ baseUrl, apiKey });
  unwrap(await soku.POST('/v1/integrations/sandbox', { body: { platforms: ['x'] } }));
  const { postSubmissionId: id } = unwrap(
    await soku.POST('/v1/posts', {
      body: { post: { content: { text: process.env.POST_TEXT ?? '', platform: ['x'] } } },
    }),
  );
  let post: Schemas['PostSubmissionDto'];
  for (let attempt = 0; ; attempt++) {
    post = unwrap(await soku.GET('/v1/posts/{id}', { params: { path: { id } } }));
    if (post.outcome !== 'pending' || attempt === 300) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let refused = '';
  try {
    unwrap(await soku.POST('/v1/posts', { body: { post: { content: { text: 'x', platform: [] } } } }));
  } catch (error) {
    refused = error instanceof SokuApiError ? error.code : String(error);
  }
  const runs = post.runs.map((run) => [run.platform, run.status]);
  process.stdout.write(JSON.stringify({ outcome: post.outcome, runs, refused }));
}

void main();
`;

/**
 * `@soku/client` as users get it: packed with npm pack, installed from the tarball into a scratch
 * CommonJS project and a scratch ESM project (moduleResolution nodenext), compiled by their own
 * tsc and run against a running Soku.
 */
describe('The @soku/client package', () => {
  let t: TestApp;
  let user: TestUser;
  let baseUrl: string;
  let scratch: string;
  let tarballs: string[];

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: { SOKU_PUBLIC_URL: baseUrl, SOKU_RATE_LIMIT_ENABLED: 'false' },
    });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-client-package-'));
    const pack = (dir: string, ...flags: string[]) => {
      const out = execFileSync(
        'npm',
        ['pack', dir, '--json', '--pack-destination', scratch, ...flags],
        {
          cwd: scratch,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      return (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0];
    };
    const client = pack(path.join(ROOT, 'clients/typescript'));
    expect(client.files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'dist/esm/index.js',
        'dist/esm/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
      ]),
    );
    expect(client.files.filter((file) => /(?<!\.d)\.ts$/.test(file.path))).toEqual([]);
    const dependencies = DEPENDENCIES.map((name) =>
      pack(path.join(ROOT, 'node_modules', name), '--ignore-scripts'),
    );
    tarballs = [client, ...dependencies].map((packed) => path.join(scratch, packed.filename));
  });

  afterAll(async () => {
    await t?.close();
    if (scratch) {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  /** A project of the given module system with the package installed and CONSUMER compiled. */
  function project(type: 'commonjs' | 'module'): string {
    const dir = path.join(scratch, type);
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: `consumer-${type}`, private: true, type }),
    );
    execFileSync(
      'npm',
      ['install', ...tarballs, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: dir, stdio: 'pipe' },
    );
    const compilerOptions = {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'ES2022',
      strict: true,
      skipLibCheck: true,
      outDir: 'out',
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    fs.writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
    execFileSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, stdio: 'pipe' });
    return dir;
  }

  /** Runs the compiled consumer against Soku (asynchronously: Soku serves from this process). */
  async function runConsumer(dir: string, text: string): Promise<unknown> {
    const { stdout } = await promisify(execFile)(process.execPath, ['out/consumer.js'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        SOKU_BASE_URL: baseUrl,
        SOKU_ID_TOKEN: user.idToken,
        POST_TEXT: text,
      },
    });
    return JSON.parse(stdout);
  }

  const expected = {
    outcome: 'succeeded',
    runs: [['x', 'succeeded']],
    refused: 'validation_error',
  };

  it('should be required from a CommonJS project, through its CommonJS build', async () => {
    const dir = project('commonjs');
    const resolved = execFileSync(process.execPath, ['-p', "require.resolve('@soku/client')"], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(resolved.trim()).toBe(path.join(dir, 'node_modules/@soku/client/dist/cjs/index.js'));
    expect(await runConsumer(dir, 'Hello from a CommonJS project')).toEqual(expected);
  });

  it('should be imported from an ESM project (nodenext), through its ESM build', async () => {
    const dir = project('module');
    const resolved = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('@soku/client'))"],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(resolved.trim()).toBe(
      `file://${path.join(dir, 'node_modules/@soku/client/dist/esm/index.js')}`,
    );
    expect(await runConsumer(dir, 'Hello from an ESM project')).toEqual(expected);
  });
});
