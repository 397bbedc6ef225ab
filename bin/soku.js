#!/usr/bin/env node
// The `soku` CLI. Builds once if dist/ is missing (a fresh install), then runs the compiled CLI.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (build.status !== 0) {
    process.exit(build.status ?? 1);
  }
}
require(entry);
