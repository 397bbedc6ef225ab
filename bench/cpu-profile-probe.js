/**
 * Preloaded into a Soku process by the accepting bench (NODE_OPTIONS=--require; `--cpu-prof`
 * itself is not allowed there): the first SIGUSR2 starts profiling the main thread, the second
 * writes the profile to $SOKU_BENCH_PROFILE_DIR/<pid>.cpuprofile, so boot and warm-up stay out
 * of it. Bench-only: the app carries no probe.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Session } = require('node:inspector');
const { isMainThread } = require('node:worker_threads');

const dir = process.env.SOKU_BENCH_PROFILE_DIR;
if (dir && isMainThread) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.enable', () => session.post('Profiler.start', () => undefined));
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      const file = path.join(dir, `${process.pid}.cpuprofile`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(error ? {} : result.profile));
      fs.renameSync(`${file}.tmp`, file);
    });
  });
}
