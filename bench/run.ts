import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `npm run bench [filter]`: runs each bench/*.bench.ts in its own process, one after another, so
 * no benchmark disturbs another. Each prints its own lines, a measured baseline beside every
 * number (ratios, never absolute times alone).
 */
const filter = process.argv[2];
const files = fs
  .readdirSync(__dirname)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file}\n`);
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, file)],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' } },
  );
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`!!! ${file} exited with ${result.status}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
