#!/usr/bin/env node
// Builds dist/ only when its inputs changed since the last build (`npm start`, `npm install`).
// The digest of the inputs is recorded by `postbuild`, so every `npm run build` counts.
//   node scripts/build-if-stale.js            build if stale, showing progress on stderr
//   node scripts/build-if-stale.js --record   write the digest of the current inputs into dist/
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { setInterval, clearInterval } = require('node:timers');

const DEFAULT_ROOT = path.resolve(__dirname, '..');
/** Besides src/: what changes the compiled output (compiler options, assets, dependencies). */
const CONFIG_FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
];
const STAMP = path.join('dist', '.source-digest');
const QUIET_PROGRESS_EVERY_MS = 15_000;

/** Files under dir, relative to root, sorted; unit specs are not compiled so they do not count. */
function sourceFiles(root, dir) {
  const files = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...sourceFiles(root, relative));
    } else if (entry.isFile() && !entry.name.endsWith('.spec.ts')) {
      files.push(relative);
    }
  }
  return files.sort();
}

/** SHA-256 over the names and contents of every build input: a rename or deletion counts. */
function sourceDigest(root = DEFAULT_ROOT) {
  const hash = crypto.createHash('sha256');
  const inputs = [...sourceFiles(root, 'src'), ...CONFIG_FILES];
  for (const file of inputs) {
    const full = path.join(root, file);
    hash.update(`${file}\0`);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : '\0missing');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why dist/ must be rebuilt, or null when it was built from exactly these sources. */
function staleReason(root = DEFAULT_ROOT) {
  const stamp = path.join(root, STAMP);
  if (!fs.existsSync(path.join(root, 'dist', 'main.js')) || !fs.existsSync(stamp)) {
    return 'no build yet';
  }
  return fs.readFileSync(stamp, 'utf8').trim() === sourceDigest(root)
    ? null
    : 'the sources changed since the last build';
}

function recordDigest(root = DEFAULT_ROOT) {
  fs.writeFileSync(path.join(root, STAMP), `${sourceDigest(root)}\n`);
}

/** Elapsed seconds on one rewritten line in a terminal, a line every 15 s in a log. */
function showProgress(stream, startedAt) {
  const seconds = () => Math.round((Date.now() - startedAt) / 1000);
  if (stream.isTTY) {
    const timer = setInterval(() => stream.write(`\r  building… ${seconds()} s`), 1000);
    return () => {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    };
  }
  const timer = setInterval(
    () => stream.write(`  still building (${seconds()} s)\n`),
    QUIET_PROGRESS_EVERY_MS,
  );
  return () => clearInterval(timer);
}

function build(root, reason) {
  const startedAt = Date.now();
  process.stderr.write(`Building Soku (${reason}); this takes a minute on a slow machine.\n`);
  const stopProgress = showProgress(process.stderr, startedAt);
  const child = spawn('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    stopProgress();
    if (code !== 0) {
      process.stderr.write(`Build failed (${signal ?? `exit code ${code}`}).\n`);
      process.exit(code ?? 1);
    }
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    process.stderr.write(`Built in ${seconds} s.\n`);
  });
}

function main() {
  const root = DEFAULT_ROOT;
  if (process.argv.includes('--record')) {
    recordDigest(root);
    return;
  }
  // As `prepare`, npm runs this where there is nothing to build: a Docker layer that installs
  // before copying src/, or a production install without the compiler.
  const preparing = process.env.npm_lifecycle_event === 'prepare';
  const compiler = path.join(root, 'node_modules', '@nestjs', 'cli');
  if (preparing && (!fs.existsSync(path.join(root, 'src')) || !fs.existsSync(compiler))) {
    return;
  }
  const reason = staleReason(root);
  if (reason) {
    build(root, reason);
  }
}

if (require.main === module) {
  main();
}

module.exports = { sourceDigest, staleReason, recordDigest };
