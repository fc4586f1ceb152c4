/**
 * A folder target: each object is a file under the folder, written atomically (temp file in the
 * same folder, then rename), so a site never serves half a file and a failed write leaves none.
 * A folder has no metadata, so its objects' identity is the SHA-256 of their bytes, read back.
 */
import { readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { isInside } from '../../fs/inside.js';
import { contentHash } from '../../library/hash-file.js';
import {
  StoreError,
  type ObjectStore,
  type PutRequest,
  type RemoteObject,
} from './object-store.js';

const REASONS: Record<string, string> = {
  EROFS: 'the folder is on a read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && REASONS[code] && `${REASONS[code]} (${code})`) || (error as Error).message;
}

/**
 * @example const store = new FolderStore('/srv/www/img');
 */
export class FolderStore implements ObjectStore {
  constructor(private readonly folder: string) {}

  private pathOf(key: string): string {
    const full = path.join(this.folder, key);
    // Keys are checked when made; this is the last line should one slip through.
    if (!isInside(this.folder, full)) {
      throw new StoreError(`key "${key}" points outside ${this.folder}`, false);
    }
    return full;
  }

  async put(request: PutRequest): Promise<void> {
    const target = this.pathOf(request.key);
    try {
      const data = 'data' in request.body ? request.body.data : await readFile(request.body.file);
      await writeFileAtomic(target, data);
    } catch (error) {
      throw new StoreError(`cannot write ${target}: ${describe(error)}`, false, { cause: error });
    }
  }

  async head(key: string): Promise<RemoteObject | null> {
    let data: Buffer;
    try {
      data = await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(`cannot read ${this.pathOf(key)}: ${describe(error)}`, false);
    }
    return { sha256: contentHash(data), bytes: data.length };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await rm(file, { force: true });
    } catch (error) {
      throw new StoreError(`cannot delete ${file}: ${describe(error)}`, false);
    }
    // Folders left empty go too, as a bucket has no empty "folders"; a publish deletes only
    // after its uploads, so no write of its own races this.
    for (let dir = path.dirname(file); dir.startsWith(`${this.folder}${path.sep}`);) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
      dir = path.dirname(dir);
    }
  }

  close(): void {}
}
