import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,shared,renderer,bench}/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    // Native modules (better-sqlite3, sharp) are happiest in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
