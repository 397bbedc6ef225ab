import * as fs from 'node:fs';
import * as path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The console's files (next to this module; nest-cli copies them into dist), read once. */
export class ConsoleAssets {
  private readonly files = new Map<string, { type: string; body: Buffer }>();

  constructor(dir = path.join(__dirname, 'public')) {
    for (const name of fs.readdirSync(dir)) {
      const type = TYPES[path.extname(name)];
      if (type) {
        this.files.set(name, { type, body: fs.readFileSync(path.join(dir, name)) });
      }
    }
  }

  get(name: string): { type: string; body: Buffer } | undefined {
    return this.files.get(name);
  }
}
