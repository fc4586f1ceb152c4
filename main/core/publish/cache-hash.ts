/**
 * The SHA-256 of a cache file, remembered in the catalog: cache files are named by derivative
 * key and never rewritten with other bytes, so each is read and hashed once, not per publish.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../catalog/database.js';
import { cachedFileHash, rememberFileHash } from '../catalog/publications.js';
import { contentHash } from '../library/hash-file.js';

/**
 * @example const { sha256, bytes } = await cacheFileHash(db, cacheDir, 'ab/abcd.webp', 1234);
 */
export async function cacheFileHash(
  db: Db,
  cacheDir: string,
  file: string,
  builtBytes: number | null,
): Promise<{ sha256: string; bytes: number }> {
  const known = cachedFileHash(db, file);
  // A file rebuilt under its name with other bytes (a slot built again) is hashed again.
  if (known && known.bytes === builtBytes) return known;
  const data = await readFile(path.join(cacheDir, file));
  const sha256 = contentHash(data);
  rememberFileHash(db, file, sha256, data.length);
  return { sha256, bytes: data.length };
}
