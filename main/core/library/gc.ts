/**
 * Garbage collection: derivatives that belong to no original, preset or plan go, files and rows
 * together, and so do cache files no row names and temp files of dead writers. The same walk of
 * the cache finds the files the catalog names that are gone, and forgets those builds.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../catalog/database.js';
import {
  deleteDerivative,
  forgetLostFiles,
  orphanRows,
  referencedFiles,
} from '../catalog/derivatives.js';
import { deleteStaleUrlRenders } from '../catalog/url-renders.js';
import { isTempName, removeStrayTemps } from '../fs/atomic-write.js';

export interface GcReport {
  rows: number;
  files: number;
  bytes: number;
  /** Files the catalog named that were gone: their builds are missing again. */
  lost: number;
}

/**
 * @example const { rows, files } = await collectGarbage(db, cacheDir);
 */
export async function collectGarbage(db: Db, cacheDir: string): Promise<GcReport> {
  const report: GcReport = { rows: 0, files: 0, bytes: 0, lost: 0 };
  const orphans = orphanRows(db);
  // Rows first: a crash after this leaves unnamed files, which the sweep below finds next time;
  // never a row naming a file that is gone.
  const staleUrlRenders = db.transaction(() => {
    for (const row of orphans) deleteDerivative(db, row.id);
    return deleteStaleUrlRenders(db);
  })();
  report.rows = orphans.length + staleUrlRenders;
  const keep = referencedFiles(db);
  const removedTemps = await removeStrayTemps(cacheDir);
  report.files += removedTemps;
  let shards: string[];
  try {
    shards = await readdir(cacheDir);
  } catch (error) {
    // A cache folder deleted whole holds none of its files; one that cannot be read tells nothing.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return report;
    shards = [];
  }
  const present = new Set<string>();
  for (const shard of shards) {
    let names: string[];
    try {
      names = await readdir(path.join(cacheDir, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      if (isTempName(name)) continue; // a live writer's; removeStrayTemps took the dead ones
      const file = `${shard}/${name}`;
      present.add(file);
      if (keep.has(file)) continue;
      const full = path.join(cacheDir, file);
      const size = (await stat(full).catch(() => undefined))?.size ?? 0;
      await rm(full, { force: true });
      report.files += 1;
      report.bytes += size;
    }
  }
  // Named when the walk began and not found by it. A file another process records meanwhile is
  // not in `keep`; one it replaces keeps its name in the folder throughout.
  const lost = [...keep].filter((file) => !present.has(file));
  if (lost.length > 0) {
    report.rows += forgetLostFiles(db, lost);
    report.lost = lost.length;
  }
  return report;
}
