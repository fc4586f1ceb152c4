/**
 * Browser uploads: files land in the library's own `uploads/` folder, which is registered as a
 * source like any other (the made-at-upload way: a scan and a generate follow).
 */
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { isInside } from '../fs/inside.js';
import { ServiceError } from './service-error.js';

/** The folder name under the library, and the source name it gets. */
export const UPLOADS = 'uploads';

/**
 * Where the upload `name` goes under `dir`; throws when it would leave `dir`.
 * @example await writeFileAtomic(uploadTarget(uploadsDir, 'trip/a.jpg'), data);
 */
export function uploadTarget(dir: string, name: string): string {
  const target = path.resolve(dir, name);
  if (!isInside(dir, target)) {
    throw new ServiceError(
      'invalid-input',
      `upload name ${JSON.stringify(name)} leaves the folder`,
    );
  }
  return target;
}

/**
 * Writes each file under `dir`; names are relative paths the contract has already checked, and
 * checked here again, since this is what stands between a request and the disk.
 * @example await storeUploads(path.join(library.dir, 'uploads'), [{ name: 'a.jpg', data }]);
 */
export async function storeUploads(
  dir: string,
  files: readonly { name: string; data: Uint8Array }[],
): Promise<number> {
  let bytes = 0;
  for (const { name, data } of files) {
    await writeFileAtomic(uploadTarget(dir, name), data);
    bytes += data.length;
  }
  return bytes;
}
