/** Module boundaries of DESIGN.md, checked by `npm run lint` (see docs/architecture.md). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file must not reach itself through its imports.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      comment: 'No two feature modules import each other, directly or through others.',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+/?$' },
      to: { path: '^src/modules/[^/]+/?$', circular: true },
    },
    {
      name: 'module-public-api',
      severity: 'error',
      comment: "A module reaches another only through what that module's index.ts exports.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^src/modules/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'public-api-hides-persistence',
      severity: 'error',
      comment: "A module's index.ts exports no entity and no repository: its tables are its own.",
      from: { path: '^src/modules/[^/]+/index\\.ts$' },
      // Types of a repository's inputs may be public; its class and the entities may not.
      to: { path: ['/entities/', '\\.repository\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'connectors-at-the-bottom',
      severity: 'error',
      comment: 'Connectors import no feature module.',
      from: { path: '^src/modules/connectors/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/connectors/' },
    },
    {
      name: 'shared-code-imports-no-module',
      severity: 'error',
      comment: 'common, config, database and infra sit below every feature module.',
      from: { path: '^src/(common|config|database|infra)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'bench-uses-module-index',
      severity: 'error',
      comment:
        'Benchmarks reach a module only through its index.ts, so they measure any shape of it.',
      from: { path: '^bench/' },
      to: { path: '^src/modules/[^/]+/.', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
