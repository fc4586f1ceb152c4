/**
 * Derivatives: the planned slots and what was built in them.
 */
import type { DerivativeState } from '../../../shared/domain.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface DerivativeRow {
  id: number;
  original_id: number | null;
  preset_id: number | null;
  format: string;
  density: number;
  want_key: string | null;
  key: string | null;
  encoded: string | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
  file: string | null;
  error: string | null;
  failed_key: string | null;
  built_at: number | null;
}

/** The state of a planned slot, in SQL, so counts never load rows. */
export const STATE_SQL = `CASE
  WHEN d.failed_key = d.want_key THEN 'failed'
  WHEN d.key = d.want_key THEN 'fresh'
  WHEN d.key IS NULL THEN 'missing'
  ELSE 'stale' END`;

/** The slots one original should have now. */
export interface PlannedSlot {
  presetId: number;
  format: string;
  density: number;
  wantKey: string;
}

/**
 * Replaces the plan for one original: its listed slots get their wanted key, every other slot
 * of it leaves the plan (want_key NULL) and waits for gc.
 */
export function planOriginal(db: Db, originalId: number, slots: readonly PlannedSlot[]): void {
  stmt(db, 'UPDATE derivatives SET want_key = NULL WHERE original_id = ?').run(originalId);
  const upsert = stmt(
    db,
    `INSERT INTO derivatives (original_id, preset_id, format, density, want_key)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (original_id, preset_id, format, density)
       WHERE original_id IS NOT NULL AND preset_id IS NOT NULL
     DO UPDATE SET want_key = excluded.want_key`,
  );
  for (const slot of slots) {
    upsert.run(originalId, slot.presetId, slot.format, slot.density, slot.wantKey);
  }
}

/**
 * How many planned slots of one preset do not hold the key the plan wants (missing, stale or
 * failed): after a preset is saved and replanned, what generating it would rebuild.
 * @example countUnbuilt(db, presetId)
 */
export function countUnbuilt(db: Db, presetId: number): number {
  const row = stmt(
    db,
    `SELECT count(*) AS n FROM derivatives
     WHERE preset_id = ? AND want_key IS NOT NULL AND key IS NOT want_key`,
  ).get(presetId) as { n: number };
  return row.n;
}

/** Slots of the plan whose state is not fresh, optionally limited to some presets. */
export function pendingSlots(
  db: Db,
  presetIds: readonly number[] | undefined,
  includeFailed: boolean,
): (DerivativeRow & { state: DerivativeState })[] {
  const rows = stmt(
    db,
    `SELECT d.*, ${STATE_SQL} AS state FROM derivatives d
     JOIN originals o ON o.id = d.original_id
     JOIN sources s ON s.id = o.source_id
     WHERE d.want_key IS NOT NULL AND d.key IS NOT d.want_key
     ORDER BY s.name, o.rel_path, d.preset_id, d.format, d.density`,
  ).all() as (DerivativeRow & { state: DerivativeState })[];
  return rows.filter(
    (r) =>
      (includeFailed || r.state !== 'failed') && (!presetIds || presetIds.includes(r.preset_id!)),
  );
}

/** A rendered file in the cache, as the catalog records it. */
export interface BuiltFile {
  key: string;
  encoded: string;
  width: number;
  height: number;
  bytes: number;
  /** Relative to the library's cache folder. */
  file: string;
}

/** Records a built derivative; the caller has already put its file in place. */
export function recordBuilt(db: Db, id: number, built: BuiltFile): void {
  stmt(
    db,
    `UPDATE derivatives SET key = @key, encoded = @encoded, width = @width, height = @height,
       bytes = @bytes, file = @file, error = NULL, failed_key = NULL, built_at = @built_at
     WHERE id = @id`,
  ).run({ ...built, id, built_at: Date.now() });
}

/** Records a failure for the slot's current wanted key; its previous build stays as it was. */
export function recordFailed(db: Db, id: number, wantKey: string, error: string): void {
  stmt(db, 'UPDATE derivatives SET error = ?, failed_key = ? WHERE id = ?').run(error, wantKey, id);
}

/** Whether any row (a derivative or a URL render) still names this cache file. */
export function isFileReferenced(db: Db, file: string): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM derivatives WHERE file = @file
       UNION ALL SELECT 1 FROM url_renders WHERE file = @file LIMIT 1`,
    ).get({ file }) !== undefined
  );
}

export function derivativesOf(db: Db, originalId: number): DerivativeRow[] {
  return stmt(
    db,
    'SELECT * FROM derivatives WHERE original_id = ? AND want_key IS NOT NULL ORDER BY preset_id, format, density',
  ).all(originalId) as DerivativeRow[];
}

/** Rows that belong to no original, preset or plan any more. */
export function orphanRows(db: Db): DerivativeRow[] {
  return stmt(
    db,
    'SELECT * FROM derivatives WHERE original_id IS NULL OR preset_id IS NULL OR want_key IS NULL',
  ).all() as DerivativeRow[];
}

export function deleteDerivative(db: Db, id: number): void {
  stmt(db, 'DELETE FROM derivatives WHERE id = ?').run(id);
}

/**
 * Forgets builds whose cache file is gone (deleted behind the catalog's back): their slots are
 * missing again, so the next generate rebuilds them, and URL answers naming them go. Returns
 * how many rows changed.
 * @example forgetLostFiles(db, ['ab/abcd.webp']);
 */
export function forgetLostFiles(db: Db, files: readonly string[]): number {
  const unbuild = stmt(
    db,
    `UPDATE derivatives SET key = NULL, encoded = NULL, width = NULL, height = NULL,
       bytes = NULL, file = NULL, built_at = NULL WHERE file = ?`,
  );
  const unanswer = stmt(db, 'DELETE FROM url_renders WHERE file = ?');
  return db.transaction(() =>
    files.reduce((n, file) => n + unbuild.run(file).changes + unanswer.run(file).changes, 0),
  )();
}

/** Every cache file the catalog names: derivatives' and URL renders'. */
export function referencedFiles(db: Db): Set<string> {
  const rows = stmt(
    db,
    'SELECT file FROM derivatives WHERE file IS NOT NULL UNION SELECT file FROM url_renders',
  ).all() as { file: string }[];
  return new Set(rows.map((r) => r.file));
}
