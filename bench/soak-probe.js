/**
 * Preloaded into each Soku process by `npm run soak` (NODE_OPTIONS=--require): every
 * SOKU_SOAK_PROBE_INTERVAL_MS it appends one JSON line with the process's memory and its
 * event-loop delay since the last line to $SOKU_SOAK_PROBE_DIR/<pid>.jsonl. Soak-only: the app
 * itself carries no probe.
 */
const fs = require('node:fs');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { setInterval } = require('node:timers');
const { isMainThread } = require('node:worker_threads');

// NODE_OPTIONS reaches worker threads too (template renders): only the main loop is probed.
const dir = process.env.SOKU_SOAK_PROBE_DIR;
if (dir && isMainThread) {
  const file = path.join(dir, `${process.pid}.jsonl`);
  const interval = Number(process.env.SOKU_SOAK_PROBE_INTERVAL_MS || 5000);
  const resolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  // The histogram records whole timer intervals: the lag is what exceeds the resolution.
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
  setInterval(() => {
    const memory = process.memoryUsage();
    const line = {
      t: Date.now(),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      lagP50: ms(delay.percentile(50)),
      lagP99: ms(delay.percentile(99)),
      lagMax: ms(delay.max),
    };
    delay.reset();
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, interval).unref();
}
