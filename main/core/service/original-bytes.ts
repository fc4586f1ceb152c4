/**
 * Reading an original's bytes for a preview or a thumbnail, with the last one kept: a person
 * tuning a preset previews the same original many times in a row.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../catalog/database.js';
import { originalById, type OriginalRow } from '../catalog/originals.js';
import { stmt } from '../catalog/statements.js';
import { ServiceError } from './service-error.js';

/**
 * An original's row, the folder of its source and its absolute path; undefined when there is no
 * such image.
 * @example const { file } = originalFile(db, 12) ?? {};
 */
export function originalFile(
  db: Db,
  id: number,
): { row: OriginalRow; root: string; file: string } | undefined {
  const row = originalById(db, id);
  if (!row || row.is_image !== 1) return undefined;
  const source = stmt(db, 'SELECT path FROM sources WHERE id = ?').get(row.source_id) as
    { path: string } | undefined;
  return source && { row, root: source.path, file: path.join(source.path, row.rel_path) };
}

/**
 * @example const { row, bytes } = await originalBytes.read(db, 12);
 */
export class OriginalBytes {
  private last: { id: number; hash: string | null; bytes: Buffer } | undefined;

  async read(db: Db, id: number): Promise<{ row: OriginalRow; bytes: Buffer }> {
    const found = originalFile(db, id);
    if (!found) throw new ServiceError('not-found', `no original with id ${id}`);
    const { row, file } = found;
    if (row.error)
      throw new ServiceError('refused', `${row.rel_path} cannot be read: ${row.error}`);
    if (this.last?.id === id && this.last.hash === row.hash) return { row, bytes: this.last.bytes };
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new ServiceError('refused', `cannot read ${row.rel_path}: ${(error as Error).message}`);
    }
    this.last = { id, hash: row.hash, bytes };
    return { row, bytes };
  }
}
