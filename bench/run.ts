import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BenchResult, machineDetails } from './support';

/**
 * `npm run bench [filter]` (or BENCH_ONLY=<name>, e.g. `BENCH_ONLY=due`; with
 * BENCH_UPDATE_REPORT=1 its rows replace their earlier ones in REPORT.md): runs each
 * bench/*.bench.ts in its own process, one after another, so no benchmark disturbs another. Each
 * records its figures next to a baseline measured in the same run (ratios, never absolute times
 * alone) and its target. A full run (no filter) writes bench/REPORT.md.
 */
const filter = process.argv[2] ?? process.env.BENCH_ONLY;
const SETTLE_MS = 3_000;
const files = fs
  .readdirSync(__dirname)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();
const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-')), 'results');
const header = machineDetails('at the start (1, 5, 15 min)');

const results: BenchResult[] = [];
for (const file of files) {
  settle();
  process.stdout.write(`\n=== ${file}\n`);
  fs.writeFileSync(resultsFile, '');
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, file)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        BENCH_RESULTS_FILE: resultsFile,
      },
    },
  );
  const lines = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
  results.push(...lines.map((line) => JSON.parse(line) as BenchResult));
  if (result.status !== 0) {
    process.stdout.write(`!!! ${file} exited with ${result.status}\n`);
    results.push({
      scenario: `${file} did not complete (exit ${result.status})`,
      ours: '-',
      baseline: '-',
      target: 'completes',
      pass: false,
    });
  }
}
fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });

const report = path.join(__dirname, 'REPORT.md');
if (!filter) {
  fs.writeFileSync(report, render(results));
  process.stdout.write(`\nwrote ${report}\n`);
} else if (process.env.BENCH_UPDATE_REPORT === '1' && fs.existsSync(report)) {
  fs.writeFileSync(report, updated(fs.readFileSync(report, 'utf8'), results));
  process.stdout.write(`\nupdated the rows of ${files.join(', ')} in ${report}\n`);
}
process.exit(results.every((result) => result.pass !== false) ? 0 : 1);

/**
 * Lets the machine settle before a benchmark: the previous one's writes (hundreds of MiB of
 * imported media, a database) are flushed to disk now instead of during the next one's timings.
 */
function settle(): void {
  spawnSync('sync', { stdio: 'ignore' });
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
}

/** The BENCH_* variables this run was given: the defaults are the issue's sizes. */
function overrides(): string {
  const given = Object.entries(process.env).filter(
    ([name]) => /^BENCH_/.test(name) && !['BENCH_ONLY', 'BENCH_UPDATE_REPORT'].includes(name),
  );
  return given.length === 0
    ? "the defaults (the issue's sizes)"
    : given.map(([name, value]) => `\`${name}=${value}\``).join(', ');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

function row(result: BenchResult): string {
  return (
    `| ${cell(result.scenario)} | ${cell(result.ours)} | ${cell(result.baseline)} | ` +
    `${result.ratio === undefined ? '-' : result.ratio.toFixed(2)} | ${cell(result.target)} | ` +
    `${result.pass === undefined ? '-' : result.pass ? 'pass' : 'fail'} |`
  );
}

/**
 * BENCH_UPDATE_REPORT=1 with a filter: the rerun benches' rows replace their earlier ones (and
 * their "did not complete" row) in place, and the header says when and under what load.
 */
function updated(text: string, rows: BenchResult[]): string {
  const replaced = new Set([
    ...rows.map((result) => cell(result.scenario)),
    ...files.map((file) => `${file} did not complete`),
  ]);
  const lines = text.split('\n');
  const isReplaced = (line: string) =>
    [...replaced].some((scenario) => line.startsWith(`| ${scenario}`));
  const at = lines.findIndex(isReplaced);
  const kept = lines.filter((line) => !isReplaced(line));
  const tableEnd = kept.findIndex((line, i) => i > 0 && kept[i - 1].startsWith('|') && line === '');
  kept.splice(at >= 0 ? at : tableEnd, 0, ...rows.map(row));
  const sizes = kept.findIndex((line) => /^- (Sizes and durations|Load average)/.test(line));
  kept.splice(
    sizes + 1,
    0,
    `- Rerun of ${files.join(', ')}: ${header.split('\n')[0].slice(2)}, ` +
      `${header.split('\n').pop()!.slice(2).toLowerCase()}; sizes: ${overrides()}`,
  );
  return kept.join('\n');
}

function render(rows: BenchResult[]): string {
  return [
    '# Benchmark report',
    '',
    header,
    `- Redis: ${process.env.REDIS_URL ? 'REDIS_URL' : 'a throwaway redis-server per bench (REDIS_URL unset)'}`,
    `- Sizes and durations: ${overrides()}`,
    '',
    '`npm run bench`: every `bench/*.bench.ts`, one process each, one after another. Every figure ' +
      'stands next to a baseline measured in the same run on the same machine, so the ratio is ' +
      'the comparable number. Targets are the ones in DESIGN.md ("Where it must end up") and in ' +
      "the benchmark's own issue; a missed target reads fail. The machine's cores may be shared " +
      'with other jobs (the load average at the start says how busy it was), so absolute figures ' +
      'vary from run to run.',
    '',
    '| scenario | ours | in-run baseline | ratio | target | result |',
    '|---|---|---|---|---|---|',
    ...rows.map(row),
    '',
    'Correctness targets from DESIGN.md are proved by tests, not measured here: "nothing lost, ' +
      'nothing doubled" by `npm run test:faults` (worker SIGKILL, Redis and PostgreSQL outages) ' +
      'and the idempotency suites; "bad input never yields a 5xx" by the e2e and fuzz suites.',
    '',
  ].join('\n');
}
