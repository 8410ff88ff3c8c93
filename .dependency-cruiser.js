/**
 * The architecture's direction of dependencies (DESIGN.md), checked in the test run
 * (libs/testing is exempt from nothing: it may import domain only).
 *   apps → libs, everything → libs/domain, libs/domain → nothing (luxon for time zones excepted).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain imports nothing outside itself: no framework, database, queue or HTTP client, no Node built-ins. Time zones come from luxon.',
      severity: 'error',
      // Specs beside the domain code may use libs/testing and fast-check. `(^|/)node_modules`:
      // a worktree's node_modules may be a symlink that resolves outside it.
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^libs/domain/src', '(^|/)node_modules/luxon/', '(^|/)node_modules/@types/luxon/'],
      },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libraries-through-their-index',
      comment:
        'Import a library through its index.ts (its path alias) only, or one of its narrow entries (src/entries/<name>.ts, `@app/<lib>/<name>`) for a thread that must start light.',
      severity: 'error',
      from: { path: '^(apps|libs|test|bench|tools)/' , pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/(index|entries/[^/]+)\\.ts$' },
    },
    {
      name: 'libraries-through-their-index-across-libs',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/(index|entries/[^/]+)\\.ts$'] },
    },
    {
      name: 'no-test-helpers-in-production-code',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^libs/testing/', '\\.conformance\\.ts$'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^coverage/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
