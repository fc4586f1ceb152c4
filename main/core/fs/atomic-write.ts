/**
 * Atomic file writes: a temp file in the same folder, then a rename, so a reader sees the old
 * file or the whole new one, never half of one. Temp names carry the writer's pid so that a
 * later run can tell a dead writer's leftovers from a live writer's work, and random bits so
 * that nobody can guess one or take it first.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../jobs/process-alive.js';

const TEMP_PREFIX = '.tmp-';

/** Longest file name most file systems take (ext4, APFS, NTFS: 255 bytes). */
const NAME_MAX_BYTES = 255;

/**
 * The end of `name` in at most `bytes` UTF-8 bytes, cut between characters: what a temp name
 * keeps of its target's (the extension, for a person reading a folder).
 */
function tailOf(name: string, bytes: number): string {
  const chars = [...name];
  let kept = '';
  let size = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const width = Buffer.byteLength(chars[i]!);
    if (size + width > bytes) break;
    kept = chars[i]! + kept;
    size += width;
  }
  return kept;
}

/**
 * A temp path beside `target`, named so that `removeStrayTemps` removes it once its writer is
 * gone (the writer's pid first) and that nobody can guess or collide with it (96 random bits,
 * and writers open it with `wx`): for writers that fill the file themselves (a stream) and
 * rename it when it is whole. The name fits in 255 bytes whatever the target's length (a
 * 250-byte upload name is a valid target; its temp name must be valid too).
 * @example const temp = tempPathFor(target); await pipeline(stream, createWriteStream(temp, { flags: 'wx' }));
 */
export function tempPathFor(target: string): string {
  const head = `${TEMP_PREFIX}${process.pid}-${randomBytes(12).toString('hex')}-`;
  const name = head + tailOf(path.basename(target), NAME_MAX_BYTES - head.length);
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
