// NestJS 12, jose and other dependencies ship ESM only; Jest cannot require() ESM on Node 20, so
// SWC transforms them to CommonJS along with our TypeScript.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'jose',
  'music-metadata',
  'win-guid',
  'media-typer',
];

const swc = (module) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs', ...module },
  },
];

const shared = {
  testEnvironment: 'node',
  resolver: '<rootDir>/test/setup/jest.resolver.js',
  transform: { '^.+\\.ts$': swc({}), '^.+\\.m?js$': swc({ importInterop: 'node' }) },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${esmPackages.join('|')})/).*/node_modules/`],
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // testTimeout is a global option: a project-level one is ignored.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/worker-env.ts'],
    },
    {
      // Fault injection (`npm run test:faults`): processes killed, Redis and PostgreSQL stopped.
      ...shared,
      displayName: 'faults',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.faults-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/worker-env.ts'],
    },
  ],
};
