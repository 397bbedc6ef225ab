import { TEXT_COUNTER_SOURCE } from '../connectors';

/** The script that gives the page `window.sokuTextLength.textLengthOf(platform, text)`. */
export const TEXT_LENGTH_SCRIPT = 'console-text-length.js';

/**
 * The connectors' text rules (twitter-text included) bundled for the browser, so the composer's
 * counters run the API's own code instead of a copy of it. `npm run build` writes it into dist
 * (scripts/bundle-console.js), so a built server serves a file and never loads esbuild (a
 * devDependency, pruned from the image); run from the TypeScript sources (tests, `start:dev`),
 * the console bundles those sources on the first request.
 */
export async function bundleTextLength(): Promise<Buffer> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [TEXT_COUNTER_SOURCE],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName: 'sokuTextLength',
    // twitter-text's ESM build has a default export only; its CommonJS build names parseTweet.
    mainFields: ['browser', 'main'],
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}
