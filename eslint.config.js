// Lint rules, including the layering rules that keep each runtime's code in its own folder
// (VS Code style): a reviewer never has to notice a wrong import, the linter refuses it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'stream',
  'url',
  'worker_threads',
];

/** What opens or writes the catalog: never imported by serve's HTTP thread (issue 9). */
const CATALOG_OPENERS = [
  'better-sqlite3',
  '**/catalog/*',
  '**/library/library.js',
  '**/url-catalog/*',
  '**/edge/edge-purge.js',
  '**/edge/answered-paths.js',
];
// The same as one pattern for dynamic import()s, which no-restricted-imports does not see (a
// selector's regex cannot hold a slash: \x2F stands for one).
const CATALOG_OPENER_PATHS =
  '^better-sqlite3$|\\x2F(catalog|url-catalog)\\x2F|\\x2Flibrary\\x2Flibrary\\.js$|\\x2Fedge\\x2F(edge-purge|answered-paths)\\.js$';

/** Import patterns refused in a layer, each with the reason shown to whoever writes one. */
const refuse = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      'release/',
      'node_modules/',
      'coverage/',
      'test-artifacts/',
      'bench/work/',
      'native/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The documentation's examples run in browsers and Node: the web globals both have.
    files: ['docs/examples/**/*.js'],
    languageOptions: { globals: { fetch: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: refuse([
      { group: NODE_BUILTINS, message: 'shared/ runs everywhere: no Node built-ins.' },
      { group: ['electron', 'electron/*'], message: 'shared/ runs everywhere: no Electron.' },
      {
        group: ['**/main/**', '../main/*', '**/renderer/**', 'react', 'react-dom'],
        message: 'shared/ imports nothing from main/ or renderer/.',
      },
    ]),
  },
  {
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts', 'main/server/**/*.ts'],
    rules: refuse([
      { group: ['electron', 'electron/*'], message: 'Only main/app imports electron.' },
      {
        group: ['**/renderer/**', 'react', 'react-dom'],
        message: 'The Node side does not import the UI.',
      },
      {
        group: ['**/app/**'],
        message: 'main/core and main/cli do not depend on the Electron shell.',
      },
    ]),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: refuse([
      { group: ['electron', 'electron/*'], message: 'Only main/app imports electron.' },
      {
        group: ['**/renderer/**', 'react', 'react-dom'],
        message: 'The Node side does not import the UI.',
      },
      {
        group: ['**/app/**', '**/cli/**'],
        message: 'main/core is the library: it imports no host.',
      },
    ]),
  },
  {
    // Issue 11: imaging, and the library layers built on it, sit below the HTTP server: the
    // server parses URLs into their types and calls them, never the other way round. (A
    // separate rule name, so main/core's no-restricted-imports above still holds here.)
    files: [
      'main/core/imaging/**/*.ts',
      'main/core/library/**/*.ts',
      'main/core/publish/**/*.ts',
      'main/core/catalog/**/*.ts',
      'main/core/jobs/**/*.ts',
      'main/core/fs/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**'],
              message:
                'Imaging and the library are below the server: move what both need down here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 9: in `thumbdesk serve` the service worker owns the catalog; the HTTP thread's URL
    // API (and serve's own set-up, edge purging included) reaches it only through the calls of
    // server/url-api/url-catalog.ts (types may cross). Dynamic imports are refused as well.
    files: [
      'main/core/server/**/*.ts',
      'main/cli/commands/serve.ts',
      'main/cli/url-api-options.ts',
    ],
    ignores: ['**/*.test.ts', 'main/core/server/url-api/imgproxy-compat/compat-server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: CATALOG_OPENERS,
              allowTypeImports: true,
              message:
                "The HTTP thread opens no catalog: ask the catalog's owner (url-api/url-catalog.ts).",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/${CATALOG_OPENER_PATHS}/]`,
          message:
            "The HTTP thread opens no catalog: ask the catalog's owner (url-api/url-catalog.ts).",
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: refuse([
      { group: NODE_BUILTINS, message: 'The renderer runs in a browser: no Node built-ins.' },
      {
        group: ['electron', 'electron/*'],
        message: 'The renderer talks to the host only through the contract in shared/.',
      },
      {
        group: ['**/main/**'],
        message: 'The renderer talks to the core only through the contract in shared/.',
      },
    ]),
  },
);
