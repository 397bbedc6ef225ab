import * as fs from 'node:fs';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core never downloads one. */
export const CHROMIUM_PATH = process.env.SOKU_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser suites run where Chromium is installed and are skipped (the global setup says so)
 * where it is not, like the Redis suites without REDIS_URL. With SOKU_REQUIRE_CHROMIUM=1 (CI)
 * they always run, and a missing Chromium fails them.
 */
export const chromiumAvailable =
  process.env.SOKU_REQUIRE_CHROMIUM === '1' || fs.existsSync(CHROMIUM_PATH);
