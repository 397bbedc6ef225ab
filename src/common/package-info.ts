import * as fs from 'node:fs';
import * as path from 'node:path';

/** Soku's own package.json, found by walking up from this file (works from src/ and dist/). */
function readPackageJson(): { name: string; version: string } {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as {
        name: string;
        version: string;
      };
      if (pkg.name === 'soku') {
        return pkg;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error("Cannot find Soku's package.json");
    }
    dir = parent;
  }
}

export const PACKAGE = readPackageJson();
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
})();
