/**
 * Read models: status counts, the list of originals with their derivatives, and errors.
 * Everything is counted in SQL so a status over 100,000 originals loads no rows.
 */
import {
  DERIVATIVE_STATES,
  type DerivativeState,
  type DerivativeSummary,
  type ErrorEntry,
  type LibraryStatus,
  type OriginalSummary,
} from '../../../shared/domain.js';
import type { Db } from './database.js';
import { STATE_SQL } from './derivatives.js';
import { stmt } from './statements.js';

export function libraryStatus(db: Db): LibraryStatus {
  const count = (sql: string) => (stmt(db, sql).get() as { n: number | null }).n ?? 0;
  const states = Object.fromEntries(DERIVATIVE_STATES.map((s) => [s, 0])) as Record<
    DerivativeState,
    number
  >;
  const rows = stmt(
    db,
    `SELECT ${STATE_SQL} AS state, count(*) AS n FROM derivatives d
     WHERE d.want_key IS NOT NULL AND d.original_id IS NOT NULL AND d.preset_id IS NOT NULL
     GROUP BY state`,
  ).all() as { state: DerivativeState; n: number }[];
  for (const row of rows) states[row.state] = row.n;
  // Total and failed count the originals that are part of the library (not excluded from it).
  const originals = stmt(
    db,
    `SELECT coalesce(sum(excluded_at IS NULL), 0) AS total,
       coalesce(sum(excluded_at IS NULL AND error IS NOT NULL), 0) AS failed,
       coalesce(sum(excluded_at IS NOT NULL), 0) AS excluded
     FROM originals WHERE is_image = 1`,
  ).get() as LibraryStatus['originals'];
  return {
    sources: count('SELECT count(*) AS n FROM sources'),
    originals,
    presets: count('SELECT count(*) AS n FROM presets'),
    derivatives: {
      ...states,
      total: DERIVATIVE_STATES.reduce((sum, s) => sum + states[s], 0),
      orphaned: count(
        `SELECT count(*) AS n FROM derivatives
         WHERE want_key IS NULL OR original_id IS NULL OR preset_id IS NULL`,
      ),
    },
    // Every file in cache/ once, whether a preset slot or a URL API result names it (or both).
    cacheBytes: count(
      `SELECT sum(bytes) AS n FROM (SELECT max(bytes) AS bytes FROM
         (SELECT file, bytes FROM derivatives WHERE file IS NOT NULL
          UNION ALL SELECT file, bytes FROM url_renders)
       GROUP BY file)`,
    ),
  };
}

interface ListRow {
  id: number;
  source: string;
  path: string;
  hash: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  size: number;
  error: string | null;
  focal_x: number | null;
  focal_y: number | null;
  placeholder: string | null;
  excluded_at: number | null;
  d_id: number | null;
  preset: string | null;
  d_format: string | null;
  encoded: string | null;
  density: number | null;
  d_width: number | null;
  d_height: number | null;
  bytes: number | null;
  state: DerivativeState | null;
  file: string | null;
  d_error: string | null;
}

export interface ListFilter {
  source?: string;
  /** Substring of the relative path, case-insensitive. */
  search?: string;
  /** Exactly these originals (one page of a browse), still in (source, path) order. */
  originalIds?: readonly number[];
}

/**
 * Originals with their planned derivatives, excluded ones marked (they have none).
 * `cacheFile` turns a stored cache path into an absolute one.
 */
export function listOriginals(
  db: Db,
  cacheFile: (file: string) => string,
  filter: ListFilter = {},
): OriginalSummary[] {
  // Picking originals by id is spelled out rather than `(@id IS NULL OR o.id = @id)`, which
  // SQLite cannot answer from the primary key: a scan of every original for one page.
  const byIds = filter.originalIds ? 'AND o.id IN (SELECT value FROM json_each(@originalIds))' : '';
  const rows = stmt(
    db,
    `SELECT o.id, s.name AS source, o.rel_path AS path, o.hash, o.format, o.width, o.height,
       o.size, o.error, o.focal_x, o.focal_y, o.placeholder, o.excluded_at,
       d.id AS d_id, p.name AS preset, d.format AS d_format, d.encoded, d.density,
       d.width AS d_width, d.height AS d_height, d.bytes, ${STATE_SQL} AS state, d.file,
       CASE WHEN d.failed_key = d.want_key THEN d.error END AS d_error
     FROM originals o
     JOIN sources s ON s.id = o.source_id
     LEFT JOIN derivatives d ON d.original_id = o.id AND d.want_key IS NOT NULL
       -- Also what lets SQLite use the partial index derivatives_slot, not scan every row.
       AND d.preset_id IS NOT NULL
     LEFT JOIN presets p ON p.id = d.preset_id
     WHERE o.is_image = 1
       AND (@source IS NULL OR s.name = @source)
       AND (@search IS NULL OR instr(lower(o.rel_path), lower(@search)) > 0)
       ${byIds}
     ORDER BY s.name, o.rel_path, p.name, d.format, d.density`,
  ).all({
    source: filter.source ?? null,
    search: filter.search ?? null,
    ...(filter.originalIds && { originalIds: JSON.stringify(filter.originalIds) }),
  }) as ListRow[];
  const byId = new Map<number, OriginalSummary>();
  for (const row of rows) {
    let original = byId.get(row.id);
    if (!original) {
      original = {
        id: row.id,
        source: row.source,
        path: row.path,
        hash: row.hash,
        format: row.format,
        width: row.width,
        height: row.height,
        bytes: row.size,
        error: row.error,
        focal:
          row.focal_x === null || row.focal_y === null ? null : { x: row.focal_x, y: row.focal_y },
        placeholder: row.placeholder,
        excluded: row.excluded_at !== null,
        derivatives: [],
      };
      byId.set(row.id, original);
    }
    if (row.d_id === null) continue;
    const derivative: DerivativeSummary = {
      preset: row.preset!,
      format: row.encoded ?? row.d_format!,
      density: row.density!,
      width: row.d_width,
      height: row.d_height,
      bytes: row.bytes,
      state: row.state!,
      file: row.file === null ? null : cacheFile(row.file),
      error: row.d_error,
    };
    original.derivatives.push(derivative);
  }
  return [...byId.values()];
}

/**
 * What failed, for someone to fix. An excluded original's failure is left out: nothing of it is
 * wanted, so there is nothing to fix.
 */
export function listErrors(db: Db): ErrorEntry[] {
  const originals = stmt(
    db,
    `SELECT s.name AS source, o.rel_path AS path, o.error FROM originals o
     JOIN sources s ON s.id = o.source_id
     WHERE o.is_image = 1 AND o.excluded_at IS NULL AND o.error IS NOT NULL
     ORDER BY s.name, o.rel_path`,
  ).all() as { source: string; path: string; error: string }[];
  const derivatives = stmt(
    db,
    `SELECT s.name AS source, o.rel_path AS path, p.name AS preset, d.format, d.density, d.error
     FROM derivatives d
     JOIN originals o ON o.id = d.original_id
     JOIN sources s ON s.id = o.source_id
     JOIN presets p ON p.id = d.preset_id
     WHERE d.want_key IS NOT NULL AND d.failed_key = d.want_key
     ORDER BY s.name, o.rel_path, p.name`,
  ).all() as {
    source: string;
    path: string;
    preset: string;
    format: string;
    density: number;
    error: string;
  }[];
  return [
    ...originals.map((o) => ({ kind: 'original' as const, ...o })),
    ...derivatives.map((d) => ({ kind: 'derivative' as const, ...d })),
  ];
}
