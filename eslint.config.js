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
    // Issue 9: in `thumbdesk serve` the service worker owns the catalog; the HTTP thread's URL
    // API reaches it only through the calls of server/url-api/url-catalog.ts (types may cross).
    files: ['main/core/server/**/*.ts'],
    ignores: ['**/*.test.ts', 'main/core/server/url-api/imgproxy-compat/compat-server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'better-sqlite3',
                '**/catalog/*',
                '**/library/library.js',
                '**/url-catalog/*',
              ],
              allowTypeImports: true,
              message:
                "The HTTP thread opens no catalog: ask the catalog's owner (url-api/url-catalog.ts).",
            },
          ],
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
