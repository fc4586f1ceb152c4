/**
 * URL answers: each image path the URL API answered, under each surrogate key it carried, so a
 * purge by key can name the paths to caches that invalidate paths (CloudFront) — after a
 * restart too. Many paths share one url_renders row (and raw answers have none), hence a table
 * of its own.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

/**
 * Records that `path` was answered under `keys` now.
 * @example recordUrlAnswer(db, '/sig/w:300/plain/local:///p/a.jpg', ['o-0123456789abcdef']);
 */
export function recordUrlAnswer(db: Db, path: string, keys: readonly string[]): void {
  const insert = stmt(
    db,
    `INSERT INTO url_answers (key, path, answered_at) VALUES (?, ?, ?)
     ON CONFLICT (key, path) DO UPDATE SET answered_at = excluded.answered_at`,
  );
  const at = Date.now();
  db.transaction(() => {
    for (const key of keys) insert.run(key, path, at);
  })();
}

/**
 * The paths answered under any of `keys`, each once, and forgets them (as purged).
 * @example const paths = takeUrlAnswerPaths(db, ['o-0123456789abcdef']);
 */
export function takeUrlAnswerPaths(db: Db, keys: readonly string[]): string[] {
  const select = stmt(db, 'SELECT path FROM url_answers WHERE key = ?');
  const remove = stmt(db, 'DELETE FROM url_answers WHERE key = ?');
  return db.transaction(() => {
    const paths = new Set<string>();
    for (const key of keys) {
      for (const row of select.all(key) as { path: string }[]) paths.add(row.path);
      remove.run(key);
    }
    return [...paths];
  })();
}

/**
 * Keeps the `max` most recently answered rows, deleting the rest; returns how many went.
 * @example pruneUrlAnswers(db, 100_000);
 */
export function pruneUrlAnswers(db: Db, max: number): number {
  return stmt(
    db,
    `DELETE FROM url_answers WHERE (key, path) NOT IN
       (SELECT key, path FROM url_answers ORDER BY answered_at DESC LIMIT ?)`,
  ).run(max).changes;
}
