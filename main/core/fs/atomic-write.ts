/**
 * Atomic file writes: a temp file in the same folder, then a rename, so a reader sees the old
 * file or the whole new one, never half of one. Temp names carry the writer's pid so that a
 * later run can tell a dead writer's leftovers from a live writer's work.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../jobs/process-alive.js';

const TEMP_PREFIX = '.tmp-';

/**
 * A temp path beside `target`, named so that `removeStrayTemps` removes it once its writer is
 * gone: for writers that fill the file themselves (a stream) and rename it when it is whole.
 * @example const temp = tempPathFor(target); await pipeline(stream, createWriteStream(temp));
 */
export function tempPathFor(target: string): string {
  const name = `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}-${path.basename(target)}`;
  return path.join(path.dirname(target), name);
}

/**
 * @example await writeFileAtomic('/lib/cache/ab/abcd.webp', bytes);
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Deletes temp files left in `dir` and its direct subfolders by writers that are no longer
 * running (a killed generate). Returns how many were removed.
 */
export async function removeStrayTemps(dir: string): Promise<number> {
  let removed = 0;
  const visit = async (folder: string, depth: number) => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth > 0) await visit(full, depth - 1);
      if (!entry.isFile() || !entry.name.startsWith(TEMP_PREFIX)) continue;
      const pid = Number(entry.name.slice(TEMP_PREFIX.length).split('-')[0]);
      if (Number.isInteger(pid) && isProcessAlive(pid)) continue;
      await rm(full, { force: true });
      removed += 1;
    }
  };
  await visit(dir, 1);
  return removed;
}

/** Whether a file name is one of our temp files. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}
