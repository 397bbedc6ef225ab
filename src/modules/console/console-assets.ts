import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleTextLength, TEXT_LENGTH_SCRIPT } from './console-text-length';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Asset {
  type: string;
  body: Buffer;
}

/** Assets made from the app's own code, by name: built on first request, then kept. */
export type BuiltAssets = Record<string, () => Promise<Buffer>>;

/** A page's references to the console's own files, which get the version appended. */
const OWN_FILE_REFERENCE = /((?:src|href)="\/console\/[\w.-]+)"/g;

/**
 * The console's files (next to this module; nest-cli copies them into dist), read once, and its
 * built scripts. The pages name every file with the console's `version`, a digest of its files,
 * so a browser may keep them for good and a new release is fetched anew: without that, each load
 * of the page would fetch every script again, against the anonymous per-IP rate limit.
 */
export class ConsoleAssets {
  readonly version: string;
  private readonly files = new Map<string, Asset>();
  private readonly built = new Map<string, Promise<Asset>>();

  constructor(
    dir = path.join(__dirname, 'public'),
    private readonly builders: BuiltAssets = { [TEXT_LENGTH_SCRIPT]: bundleTextLength },
  ) {
    const digest = createHash('sha256');
    for (const name of fs.readdirSync(dir).sort()) {
      const type = TYPES[path.extname(name)];
      if (type) {
        const body = fs.readFileSync(path.join(dir, name));
        this.files.set(name, { type, body });
        digest.update(`${name}\0${body.length}\0`).update(body);
      }
    }
    // A script built at run time (from the sources) may differ at every start.
    if (Object.keys(builders).some((name) => !this.files.has(name))) {
      digest.update(randomUUID());
    }
    this.version = digest.digest('hex').slice(0, 16);
    for (const [name, file] of this.files) {
      if (name.endsWith('.html')) {
        const html = file.body.toString().replace(OWN_FILE_REFERENCE, `$1?v=${this.version}"`);
        this.files.set(name, { ...file, body: Buffer.from(html) });
      }
    }
  }

  async get(name: string): Promise<Asset | undefined> {
    const file = this.files.get(name);
    if (file || !Object.hasOwn(this.builders, name)) {
      return file;
    }
    let asset = this.built.get(name);
    if (!asset) {
      asset = this.builders[name]().then((body) => ({ type: TYPES[path.extname(name)], body }));
      // A failed build is not kept: the next request tries again.
      asset.catch(() => this.built.delete(name));
      this.built.set(name, asset);
    }
    return asset;
  }
}
