#!/usr/bin/env node
// After `nest build`: bundles the connectors' text rules for the console's counters into
// dist/modules/console/public, where the console serves its files from (console-text-length.ts).
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist', 'modules', 'console');
const { bundleTextLength, TEXT_LENGTH_SCRIPT } = require(path.join(dist, 'console-text-length.js'));

bundleTextLength().then(
  (script) => fs.writeFileSync(path.join(dist, 'public', TEXT_LENGTH_SCRIPT), script),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
