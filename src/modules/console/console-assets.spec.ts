import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConsoleAssets } from './console-assets';

describe('ConsoleAssets', () => {
  let dir: string;
  let builds: number;
  const build = () => {
    builds += 1;
    return Promise.resolve(Buffer.from('built();'));
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-assets-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    builds = 0;
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should serve a built script from the folder as is, never building it (dist)', async () => {
    fs.writeFileSync(path.join(dir, 'counter.js'), 'fromTheBuild();');
    const assets = new ConsoleAssets(dir, { 'counter.js': build });
    const served = await assets.get('counter.js');
    expect(served?.body.toString()).toBe('fromTheBuild();');
    expect(builds).toBe(0);
  });

  it('should build a script missing from the folder once, on its first request', async () => {
    const assets = new ConsoleAssets(dir, { 'counter.js': build });
    const [first, second] = await Promise.all([assets.get('counter.js'), assets.get('counter.js')]);
    expect(first).toEqual({
      type: 'text/javascript; charset=utf-8',
      body: Buffer.from('built();'),
    });
    expect(second).toBe(first);
    expect(builds).toBe(1);
  });

  it('should try a failed build again on the next request', async () => {
    let fail = true;
    const flaky = () => (fail ? Promise.reject(new Error('no esbuild')) : build());
    const assets = new ConsoleAssets(dir, { 'counter.js': flaky });
    await expect(assets.get('counter.js')).rejects.toThrow('no esbuild');
    fail = false;
    expect((await assets.get('counter.js'))?.body.toString()).toBe('built();');
  });

  it('should know no other name', async () => {
    const assets = new ConsoleAssets(dir, { 'counter.js': build });
    expect(await assets.get('constructor')).toBeUndefined();
    expect(await assets.get('other.js')).toBeUndefined();
  });

  it('should name its files in the page with a version that changes with them', () => {
    const page = '<link href="/console/a.css" /><script src="/console/a.js" defer></script>';
    fs.writeFileSync(path.join(dir, 'index.html'), page);
    fs.writeFileSync(path.join(dir, 'a.js'), 'one();');
    const first = new ConsoleAssets(dir, {});
    expect(new ConsoleAssets(dir, {}).version).toBe(first.version);
    fs.writeFileSync(path.join(dir, 'a.js'), 'two();');
    const next = new ConsoleAssets(dir, {});
    expect(next.version).not.toBe(first.version);
    return expect(next.get('index.html').then((html) => html?.body.toString())).resolves.toBe(
      `<link href="/console/a.css?v=${next.version}" />` +
        `<script src="/console/a.js?v=${next.version}" defer></script>`,
    );
  });

  it('should give a new version at each start when a script is built at run time', () => {
    expect(new ConsoleAssets(dir, { 'counter.js': build }).version).not.toBe(
      new ConsoleAssets(dir, { 'counter.js': build }).version,
    );
  });
});
