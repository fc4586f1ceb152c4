/**
 * Counts the better-sqlite3 connections opened in this thread's module graph (a worker thread
 * loads its own copy, uncounted): the guard that serve's HTTP thread keeps no catalog of its own.
 * A test mocks the module with it:
 *   vi.mock('better-sqlite3', async (original) =>
 *     (await import('../test-support/sqlite-count.js')).countedSqlite(await original()));
 */

/** Connections opened so far through the mocked module. */
export const sqliteConnections = { opened: 0 };

/**
 * better-sqlite3's module with its Database class counting each connection it opens.
 * @example vi.mock('better-sqlite3', async (original) => (await import('./sqlite-count.js')).countedSqlite(await original()));
 */
export function countedSqlite(real: unknown): { default: unknown } {
  const Database = (real as { default: new (...args: unknown[]) => object }).default;
  class Counted extends Database {
    constructor(...args: unknown[]) {
      super(...args);
      sqliteConnections.opened += 1;
    }
  }
  return { default: Counted };
}
