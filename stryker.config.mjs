// Mutation testing (`npm run mutate`, outside `npm test`): Stryker changes the code of the
// modules that carry the product's promises one small edit at a time and checks that a test
// fails. docs/testing.md, "Mutation testing", has the scores and how to read them.
//
// One module at a time: `npm run mutate -- --mutate main/core/publish/template.ts`.
// Each scope keeps its own incremental file in reports/mutation/ (not committed): a run then
// tests only the mutants whose code or tests changed since the last run of the same scope.

import process from 'node:process';

/**
 * The modules that carry the product's promises (README, "Testing"), each with the test files
 * that guard it. Only tests that run in this process (no CLI against dist/, no e2e, no killed
 * child process): Stryker sees which of their tests reach a mutant, and runs only those.
 */
const GUARDS = {
  'main/core/library/plan.ts': [
    'main/core/library/plan.test.ts',
    'main/core/library/invalidation.test.ts',
    'main/core/library/exclude.test.ts',
  ],
  'main/core/imaging/derivative-key.ts': [
    'main/core/imaging/render-spec.test.ts',
    'main/core/library/invalidation.test.ts',
  ],
  'main/core/publish/plan.ts': [
    'main/core/publish/plan.test.ts',
    'main/core/publish/publish.folder.test.ts',
  ],
  // Not publish.s3.test.ts: what it alone reached in publish.ts (the build step, the manifest's
  // content type) the in-process tests below now check, and with s3rver a run took hours here.
  'main/core/publish/publish.ts': [
    'main/core/publish/publish.test.ts',
    'main/core/publish/publish.records.test.ts',
    'main/core/publish/publish.build.test.ts',
    'main/core/publish/publish.folder.test.ts',
    'main/core/publish/retry.test.ts',
  ],
  'main/core/publish/template.ts': [
    'main/core/publish/template.test.ts',
    'main/core/publish/keys.test.ts',
  ],
  'main/core/publish/keys.ts': [
    'main/core/publish/keys.test.ts',
    'main/core/publish/template.test.ts',
  ],
  'main/core/server/url-api/processing-options.ts': [
    'main/core/server/url-api/processing-options.test.ts',
    'main/core/server/url-api/url-path.test.ts',
  ],
  'main/core/server/url-api/request-spec.ts': [
    'main/core/server/url-api/request-spec.test.ts',
    'main/core/server/url-api/url-api.test.ts',
  ],
  'main/core/server/url-api/signature.ts': ['main/core/server/url-api/signature.test.ts'],
  'main/core/library/watch.ts': ['main/core/library/watch.test.ts'],
};

/** The module given to `--mutate`, if any. */
function scope() {
  const at = process.argv.findIndex((arg) => arg === '--mutate' || arg === '-m');
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The scope as a file name: `main-core-publish-template.ts`, or `all`. */
const SCOPE = scope()?.replace(/[^A-Za-z0-9.]+/g, '-') ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  // Per test: each mutant runs only the tests that reached its code in the first run.
  coverageAnalysis: 'perTest',
  // Mutants that do not compile are dropped before any test runs. The build's tsconfig: the
  // sources of main/core, main/cli and shared without the tests, so a test file being edited
  // elsewhere cannot stop a run.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.build.json',
  mutate: Object.keys(GUARDS),
  // Static mutants (module-level constants, evaluated once at import) are left out of the
  // score: with a test filter, Stryker 9.6.1 activates them only after the module was imported,
  // so each one "survives" whatever the tests do (stryker-js issue #6144). The constants of
  // these modules are checked by breaking them by hand instead (docs/testing.md).
  ignoreStatic: true,
  testFiles: GUARDS[scope()] ?? [...new Set(Object.values(GUARDS).flat())],
  incremental: true,
  incrementalFile: `reports/mutation/${SCOPE}.incremental.json`,
  // The machine is shared (2 cores): one test runner per scope, two scopes side by side at most.
  concurrency: 1,
  // Tests here run real sharp and SQLite; a loaded machine is slow, not stuck.
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${SCOPE}.html` },
  jsonReporter: { fileName: `reports/mutation/${SCOPE}.json` },
  // Not copied to the sandbox: builds, outputs, and the sandboxes of other scopes.
  ignorePatterns: [
    'dist',
    'out',
    'release',
    'native',
    'bench/work',
    'test-artifacts',
    'reports',
    '.stryker-tmp',
  ],
  // One temp folder per scope: a run deletes its whole temp folder when it ends, and must not
  // take the sandbox of another scope running beside it.
  tempDirName: `.stryker-tmp/${SCOPE}`,
  cleanTempDir: 'always',
};
