/**
 * Purge targets in the catalog: those set in the app, those a serve's `--purge` names, and how
 * each one's purges went. Targets are `kind:url` strings as `serve --purge` takes them; no
 * credential is ever stored (purge-target.ts refuses one in the URL).
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export type PurgeOrigin = 'app' | 'serve';

export interface PurgeTargetRow {
  target: string;
  origin: PurgeOrigin;
  added_at: number;
  ok: number;
  retried: number;
  failed: number;
  keys: number;
  last_at: number | null;
  last_outcome: 'ok' | 'failed' | null;
  last_keys: number | null;
  last_paths: number | null;
  last_error: string | null;
  error_at: number | null;
  error: string | null;
}

/** How one batch went at one target. */
export interface PurgeOutcome {
  outcome: 'ok' | 'failed';
  keys: number;
  paths: number;
  /** Requests by how they ended. */
  requests: { ok: number; retried: number; failed: number };
  error: string | null;
  at: number;
}

/**
 * Every purge target, app-set first, each in the order it was added.
 * @example for (const row of purgeTargetRows(db)) console.log(row.target, row.last_outcome);
 */
export function purgeTargetRows(db: Db): PurgeTargetRow[] {
  return stmt(
    db,
    "SELECT * FROM purge_targets ORDER BY origin = 'serve', added_at, target",
  ).all() as PurgeTargetRow[];
}

/**
 * Adds a target with this origin; one already there keeps its row (an app-set target a serve
 * names too stays the app's). Answers whether it was new.
 * @example addPurgeTargetRow(db, 'varnish:http://127.0.0.1:6081', 'app');
 */
export function addPurgeTargetRow(db: Db, target: string, origin: PurgeOrigin): boolean {
  return (
    stmt(
      db,
      `INSERT INTO purge_targets (target, origin, added_at) VALUES (?, ?, ?)
       ON CONFLICT (target) DO NOTHING`,
    ).run(target, origin, Date.now()).changes > 0
  );
}

/**
 * Deletes an app-set target; answers whether one went.
 * @example if (!removeAppPurgeTarget(db, target)) throw notFound();
 */
export function removeAppPurgeTarget(db: Db, target: string): boolean {
  return (
    stmt(db, "DELETE FROM purge_targets WHERE target = ? AND origin = 'app'").run(target).changes >
    0
  );
}

/**
 * Adds one batch's outcome to the target's counts and last result (nothing for a target no
 * longer in the catalog).
 * @example recordPurgeOutcome(db, target, { outcome: 'ok', keys: 2, paths: 0, requests, error: null, at: Date.now() });
 */
export function recordPurgeOutcome(db: Db, target: string, result: PurgeOutcome): void {
  stmt(
    db,
    `UPDATE purge_targets SET ok = ok + @ok, retried = retried + @retried,
       failed = failed + @failed, keys = keys + @purgedKeys, last_at = @at,
       last_outcome = @outcome, last_keys = @keys, last_paths = @paths, last_error = @error,
       error_at = CASE WHEN @error IS NULL THEN error_at ELSE @at END,
       error = coalesce(@error, error)
     WHERE target = @target`,
  ).run({
    ...result.requests,
    purgedKeys: result.outcome === 'ok' ? result.keys : 0,
    at: result.at,
    outcome: result.outcome,
    keys: result.keys,
    paths: result.paths,
    error: result.error,
    target,
  });
}
