/**
 * Browsing originals a page at a time: which originals match a filter, in (source, path) order,
 * and how many match in all. Only ids leave SQL here; `listOriginals` fills one page in, so a
 * grid over 100,000 originals never loads more than it shows.
 */
import type { OriginalState } from '../../../shared/contract/models.js';
import type { Db } from './database.js';
import { STATE_SQL } from './derivatives.js';
import { stmt } from './statements.js';

export interface BrowseFilter {
  offset: number;
  limit: number;
  source?: string | undefined;
  /** Only originals with a slot of this preset; the badge then speaks of that preset only. */
  preset?: string | undefined;
  /**
   * The badge: the worst state among an original's derivatives, `none` without any. Excluded
   * originals match `excluded` only, and no other state (nor none).
   */
  state?: OriginalState | undefined;
  /** Case-insensitive substring of the relative path. */
  search?: string | undefined;
}

// A failure outranks staleness, which outranks work never done (the order the UI's badges use).
const RANK_SQL = `CASE ${STATE_SQL} WHEN 'failed' THEN 4 WHEN 'stale' THEN 3
  WHEN 'missing' THEN 2 ELSE 1 END`;
const BADGE_SQL = `CASE WHEN o.error IS NOT NULL THEN 'failed'
  ELSE CASE r.rank WHEN 4 THEN 'failed' WHEN 3 THEN 'stale' WHEN 2 THEN 'missing'
  WHEN 1 THEN 'fresh' ELSE 'none' END END`;

/**
 * The FROM and WHERE of a browse. The badge of every original is an aggregate over all their
 * derivatives, so it is joined only when the filter needs it (by preset or state): the plain
 * first page of 100,000 originals stays a walk of one table.
 */
function matches(byBadge: boolean): string {
  const badges = `LEFT JOIN (
    SELECT d.original_id, max(${RANK_SQL}) AS rank FROM derivatives d
    LEFT JOIN presets p ON p.id = d.preset_id
    WHERE d.want_key IS NOT NULL AND d.original_id IS NOT NULL AND d.preset_id IS NOT NULL
      AND (@preset IS NULL OR p.name = @preset)
    GROUP BY d.original_id
  ) r ON r.original_id = o.id`;
  return `FROM originals o
  JOIN sources s ON s.id = o.source_id
  ${byBadge ? badges : ''}
  WHERE o.is_image = 1
    AND (o.excluded_at IS NOT NULL) = @excluded
    AND (@source IS NULL OR s.name = @source)
    AND (@search IS NULL OR instr(lower(o.rel_path), lower(@search)) > 0)
    ${byBadge ? `AND (@preset IS NULL OR r.rank IS NOT NULL) AND (@state IS NULL OR ${BADGE_SQL} = @state)` : ''}`;
}

/**
 * @example const { total, ids } = browseOriginals(db, { offset: 0, limit: 100, state: 'stale' });
 */
export function browseOriginals(db: Db, filter: BrowseFilter): { total: number; ids: number[] } {
  // An exclusion is a column of the original, not a state of its derivatives (it has none).
  const excluded = filter.state === 'excluded';
  const state = excluded ? undefined : filter.state;
  const byBadge = filter.preset !== undefined || state !== undefined;
  const params = {
    excluded: excluded ? 1 : 0,
    source: filter.source ?? null,
    search: filter.search || null,
    ...(byBadge && { preset: filter.preset ?? null, state: state ?? null }),
  };
  const from = matches(byBadge);
  const total = (stmt(db, `SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
  const ids = (
    stmt(db, `SELECT o.id ${from} ORDER BY s.name, o.rel_path LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: filter.limit,
      offset: filter.offset,
    }) as { id: number }[]
  ).map((row) => row.id);
  return { total, ids };
}
