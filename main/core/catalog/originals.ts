/**
 * Originals: one row per file seen in a source. Files that are not images by name or content
 * are kept too (is_image = 0), so a rescan need not read them again.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface OriginalRow {
  id: number;
  source_id: number;
  rel_path: string;
  is_image: 0 | 1;
  size: number;
  mtime_ms: number;
  hash: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  has_alpha: 0 | 1 | null;
  space: string | null;
  icc: string | null;
  depth: string | null;
  pages: number | null;
  focal_x: number | null;
  focal_y: number | null;
  placeholder: string | null;
  placeholder_hash: string | null;
  error: string | null;
  scanned_at: number;
  /** Epoch milliseconds when it was excluded from the library; null while it is part of it. */
  excluded_at: number | null;
  /** Epoch milliseconds when the focal point was last set; null if never. */
  focal_at: number | null;
}

/** What a scan learned of one file. */
export type ScannedFile = Omit<
  OriginalRow,
  'id' | 'focal_x' | 'focal_y' | 'placeholder' | 'placeholder_hash' | 'excluded_at' | 'focal_at'
>;

export interface FileStamp {
  id: number;
  size: number;
  mtime_ms: number;
  hash: string | null;
}

/** The identity a rescan compares against, for every file of a source. */
export function fileStamps(db: Db, sourceId: number): Map<string, FileStamp> {
  const rows = stmt(
    db,
    'SELECT id, rel_path, size, mtime_ms, hash FROM originals WHERE source_id = ?',
  ).all(sourceId) as (FileStamp & { rel_path: string })[];
  return new Map(rows.map((r) => [r.rel_path, r]));
}

/**
 * Inserts or updates a scanned file, keeping what a person set on it (focal point, exclusion)
 * and its placeholder; returns its id.
 */
export function upsertOriginal(db: Db, file: ScannedFile): number {
  const row = stmt(
    db,
    `INSERT INTO originals (source_id, rel_path, is_image, size, mtime_ms, hash, format, width,
       height, orientation, has_alpha, space, icc, depth, pages, error, scanned_at)
     VALUES (@source_id, @rel_path, @is_image, @size, @mtime_ms, @hash, @format, @width, @height,
       @orientation, @has_alpha, @space, @icc, @depth, @pages, @error, @scanned_at)
     ON CONFLICT (source_id, rel_path) DO UPDATE SET is_image = excluded.is_image,
       size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
       format = excluded.format, width = excluded.width, height = excluded.height,
       orientation = excluded.orientation, has_alpha = excluded.has_alpha, space = excluded.space,
       icc = excluded.icc, depth = excluded.depth, pages = excluded.pages, error = excluded.error,
       scanned_at = excluded.scanned_at
     RETURNING id`,
  ).get(file) as { id: number };
  return row.id;
}

/** Records a new mtime for a file whose bytes did not change. */
export function touchOriginal(db: Db, id: number, mtimeMs: number): void {
  stmt(db, 'UPDATE originals SET mtime_ms = ? WHERE id = ?').run(mtimeMs, id);
}

export function deleteOriginal(db: Db, id: number): void {
  stmt(db, 'DELETE FROM originals WHERE id = ?').run(id);
}

export function originalById(db: Db, id: number): OriginalRow | undefined {
  return stmt(db, 'SELECT * FROM originals WHERE id = ?').get(id) as OriginalRow | undefined;
}

export function originalByPath(db: Db, sourceId: number, relPath: string): OriginalRow | undefined {
  return stmt(db, 'SELECT * FROM originals WHERE source_id = ? AND rel_path = ?').get(
    sourceId,
    relPath,
  ) as OriginalRow | undefined;
}

/** Every image original (failed ones included), in source and path order. */
export function listImageOriginals(db: Db): (OriginalRow & { source_name: string })[] {
  return stmt(
    db,
    `SELECT o.*, s.name AS source_name FROM originals o JOIN sources s ON s.id = o.source_id
     WHERE o.is_image = 1 ORDER BY s.name, o.rel_path`,
  ).all() as (OriginalRow & { source_name: string })[];
}

export function setFocalPoint(db: Db, id: number, x: number, y: number): void {
  stmt(db, 'UPDATE originals SET focal_x = ?, focal_y = ?, focal_at = ? WHERE id = ?').run(
    x,
    y,
    Date.now(),
    id,
  );
}

/**
 * Marks an original excluded from the library, or included again. An original already so keeps
 * its row as it is (an exclusion keeps its first date). Answers whether the row changed.
 * @example if (setExcluded(db, id, true)) replan(db, [id]);
 */
export function setExcluded(db: Db, id: number, excluded: boolean): boolean {
  const sql = excluded
    ? 'UPDATE originals SET excluded_at = ? WHERE id = ? AND excluded_at IS NULL'
    : 'UPDATE originals SET excluded_at = NULL WHERE id = ? AND excluded_at IS NOT NULL';
  const args = excluded ? [Date.now(), id] : [id];
  return stmt(db, sql).run(...args).changes > 0;
}

/**
 * The image original a person names as `source/relative/path` (as `list` shows it).
 * @example originalByName(db, 'photos/trips/a.jpg')?.id
 */
export function originalByName(db: Db, name: string): OriginalRow | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  return stmt(
    db,
    `SELECT o.* FROM originals o JOIN sources s ON s.id = o.source_id
     WHERE s.name = ? AND o.rel_path = ? AND o.is_image = 1`,
  ).get(name.slice(0, slash), name.slice(slash + 1)) as OriginalRow | undefined;
}

export function setPlaceholder(db: Db, id: number, placeholder: string, hash: string): void {
  stmt(db, 'UPDATE originals SET placeholder = ?, placeholder_hash = ? WHERE id = ?').run(
    placeholder,
    hash,
    id,
  );
}
