// Builds the package twice from the same sources, ESM into dist/esm and CommonJS into dist/cjs;
// a package.json in each tells Node which of the two module systems its .js files use.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const here = __dirname;
const tsc = require.resolve('typescript/bin/tsc');
const builds = [
  { outDir: 'dist/esm', module: 'es2022', type: 'module' },
  { outDir: 'dist/cjs', module: 'commonjs', type: 'commonjs' },
];

fs.rmSync(path.join(here, 'dist'), { recursive: true, force: true });
for (const build of builds) {
  execFileSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.json', '--module', build.module, '--outDir', build.outDir],
    { cwd: here, stdio: 'inherit' },
  );
  fs.writeFileSync(
    path.join(here, build.outDir, 'package.json'),
    `${JSON.stringify({ type: build.type })}\n`,
  );
}
