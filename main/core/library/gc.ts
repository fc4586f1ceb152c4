/**
 * Garbage collection: derivatives that belong to no original, preset or plan go, files and rows
 * together, and so do cache files no row names and temp files of dead writers.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../catalog/database.js';
import { deleteDerivative, orphanRows, referencedFiles } from '../catalog/derivatives.js';
import { deleteStaleUrlRenders } from '../catalog/url-renders.js';
import { isTempName, removeStrayTemps } from '../fs/atomic-write.js';

export interface GcReport {
  rows: number;
  files: number;
  bytes: number;
}

/**
 * @example const { rows, files } = await collectGarbage(db, cacheDir);
 */
export async function collectGarbage(db: Db, cacheDir: string): Promise<GcReport> {
  const report: GcReport = { rows: 0, files: 0, bytes: 0 };
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
  } catch {
    return report;
  }
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
      if (keep.has(file)) continue;
      const full = path.join(cacheDir, file);
      const size = (await stat(full).catch(() => undefined))?.size ?? 0;
      await rm(full, { force: true });
      report.files += 1;
      report.bytes += size;
    }
  }
  return report;
}
