import * as path from 'node:path';

/**
 * Where text-counter is, without its extension: compiled (.js in dist) or not (.ts under the
 * tests); the bundler finds which.
 */
export const TEXT_COUNTER_SOURCE = path.join(__dirname, 'text-counter');
