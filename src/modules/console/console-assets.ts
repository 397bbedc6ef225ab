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

/**
 * The console's files (next to this module; nest-cli copies them into dist), read once, and its
 * built scripts.
 */
export class ConsoleAssets {
  private readonly files = new Map<string, Asset>();
  private readonly built = new Map<string, Promise<Asset>>();

  constructor(
    dir = path.join(__dirname, 'public'),
    private readonly builders: BuiltAssets = { [TEXT_LENGTH_SCRIPT]: bundleTextLength },
  ) {
    for (const name of fs.readdirSync(dir)) {
      const type = TYPES[path.extname(name)];
      if (type) {
        this.files.set(name, { type, body: fs.readFileSync(path.join(dir, name)) });
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
