import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's .tsx files use React's automatic JSX runtime, as vite.config.ts's plugin does;
  // component tests (renderer/**/*.test.tsx) pick happy-dom with a per-file environment comment.
  esbuild: { jsx: 'automatic' },
  test: {
    include: [
      '{main,shared,renderer,bench}/**/*.test.{ts,tsx}',
      'e2e/**/*.test.ts',
      'docs/**/*.test.ts',
    ],
    // Native modules (better-sqlite3, sharp) are happiest in child processes, not worker threads.
    pool: 'forks',
    // Makes the fixture images that are made at run time rather than shipped (fixtures/README.md).
    globalSetup: ['main/core/test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
