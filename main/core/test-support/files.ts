/**
 * What a folder holds, for tests that check a cache, a publish target or a site by its files
 * rather than by what a catalog or a manifest says.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under `dir`, relative, NFC, sorted; none when `dir` does not exist (yet).
 * @example expect(await filesUnder(site)).toEqual(['t/originals/a.webp', 'thumbdesk.json']);
 */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).normalize('NFC'))
    .sort();
}
