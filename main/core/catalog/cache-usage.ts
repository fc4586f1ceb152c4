/**
 * What the cache holds, by preset and by format: the Cache screen's chart. A file shared by two
 * slots (same key) counts once per group it appears in.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface CacheUsage {
  byPreset: { preset: string; bytes: number; count: number }[];
  byFormat: { format: string; bytes: number; count: number }[];
}

/**
 * @example cacheUsage(db).byFormat // [{ format: 'webp', bytes: 81234, count: 12 }, …]
 */
export function cacheUsage(db: Db): CacheUsage {
  const byPreset = stmt(
    db,
    `SELECT p.name AS preset, coalesce(sum(f.bytes), 0) AS bytes, count(f.file) AS count
     FROM presets p
     LEFT JOIN (SELECT DISTINCT preset_id, file, bytes FROM derivatives WHERE file IS NOT NULL) f
       ON f.preset_id = p.id
     GROUP BY p.id ORDER BY bytes DESC, p.name`,
  ).all() as CacheUsage['byPreset'];
  const byFormat = stmt(
    db,
    `SELECT encoded AS format, sum(bytes) AS bytes, count(*) AS count
     FROM (SELECT DISTINCT file, encoded, bytes FROM derivatives WHERE file IS NOT NULL)
     GROUP BY encoded ORDER BY bytes DESC, encoded`,
  ).all() as CacheUsage['byFormat'];
  return { byPreset, byFormat };
}
