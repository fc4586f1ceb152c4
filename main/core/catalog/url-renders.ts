/**
 * URL renders: results the URL API built on demand, one row per derivative key. They live in
 * the same cache folder as the presets' derivatives and are named the same way, so a key built
 * by either is found by both.
 */
import type { Db } from './database.js';
import type { BuiltFile } from './derivatives.js';
import { stmt } from './statements.js';

/** A URL API result: the same facts as any built derivative. */
export type UrlRender = BuiltFile;

export interface UrlRenderRecord extends UrlRender {
  originalId: number;
  contentHash: string;
  /** The render spec, as stable JSON, so a row says what it holds. */
  spec: string;
}

/**
 * The URL API's own result with this key.
 * @example const hit = urlRenderByKey(db, key);
 */
export function urlRenderByKey(db: Db, key: string): UrlRender | undefined {
  return stmt(
    db,
    'SELECT key, encoded, width, height, bytes, file FROM url_renders WHERE key = ?',
  ).get(key) as UrlRender | undefined;
}

/**
 * A preset derivative built with this key: same original bytes and same spec mean the same
 * output, so the URL API can serve (and adopt) it rather than render it again.
 * @example const built = derivativeByKey(db, key);
 */
export function derivativeByKey(db: Db, key: string): UrlRender | undefined {
  return stmt(
    db,
    `SELECT key, encoded, width, height, bytes, file FROM derivatives
     WHERE key = ? AND file IS NOT NULL LIMIT 1`,
  ).get(key) as UrlRender | undefined;
}

/**
 * Records a result whose file is already in place, as used now (a rebuild of the same key
 * replaces the row).
 * @example recordUrlRender(db, { key, originalId, contentHash, spec, encoded: 'webp', ... });
 */
export function recordUrlRender(db: Db, render: UrlRenderRecord): void {
  stmt(
    db,
    `INSERT INTO url_renders (key, original_id, content_hash, spec, encoded, width, height, bytes,
       file, built_at, used_at)
     VALUES (@key, @originalId, @contentHash, @spec, @encoded, @width, @height, @bytes, @file,
       @builtAt, @builtAt)
     ON CONFLICT (key) DO UPDATE SET original_id = excluded.original_id, file = excluded.file,
       bytes = excluded.bytes, width = excluded.width, height = excluded.height,
       built_at = excluded.built_at, used_at = excluded.used_at`,
  ).run({ ...render, builtAt: Date.now() });
}

/**
 * Records when URLs last used these results (key to epoch milliseconds), in one transaction: the
 * URL API batches its hits rather than writing once per request. A late batch never makes a row
 * look older than it is.
 * @example touchUrlRenders(db, new Map([[key, Date.now()]]));
 */
export function touchUrlRenders(db: Db, usedAt: ReadonlyMap<string, number>): void {
  const touch = stmt(db, 'UPDATE url_renders SET used_at = max(used_at, @at) WHERE key = @key');
  db.transaction(() => {
    for (const [key, at] of usedAt) touch.run({ key, at });
  })();
}

/**
 * Bytes of all the URL API's results, as their rows record them.
 * @example if (urlRenderBytes(db) > cap) evict();
 */
export function urlRenderBytes(db: Db): number {
  return (stmt(db, 'SELECT coalesce(sum(bytes), 0) AS n FROM url_renders').get() as { n: number })
    .n;
}

/** A URL API result as eviction sees it. */
export interface UrlRenderUse {
  id: number;
  file: string;
  bytes: number;
  /** When the result was recorded, ms since the epoch. */
  builtAt: number;
}

/**
 * The `limit` results URLs used least recently, oldest first.
 * @example const [oldest] = leastRecentUrlRenders(db, 1);
 */
export function leastRecentUrlRenders(db: Db, limit: number): UrlRenderUse[] {
  return stmt(
    db,
    'SELECT id, file, bytes, built_at AS builtAt FROM url_renders ORDER BY used_at, id LIMIT ?',
  ).all(limit) as UrlRenderUse[];
}

/**
 * Deletes these rows in one transaction, leaving their files to the caller. Returns how many
 * went (another connection may have taken some already).
 * @example deleteUrlRenders(db, victims.map((v) => v.id));
 */
export function deleteUrlRenders(db: Db, ids: readonly number[]): number {
  const remove = stmt(db, 'DELETE FROM url_renders WHERE id = ?');
  return db.transaction(() => ids.reduce((n, id) => n + remove.run(id).changes, 0))();
}

/**
 * Deletes rows whose original is gone, excluded from the library (the URL API refuses it) or
 * no longer has the bytes they were built from; their files become unnamed and gc's sweep
 * takes them. Returns how many rows went.
 * @example const removed = deleteStaleUrlRenders(db);
 */
export function deleteStaleUrlRenders(db: Db): number {
  return stmt(
    db,
    `DELETE FROM url_renders WHERE original_id IS NULL
       OR (SELECT excluded_at IS NULL AND hash IS content_hash
           FROM originals WHERE id = url_renders.original_id) IS NOT 1`,
  ).run().changes;
}
