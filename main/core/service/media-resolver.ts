/**
 * Media paths to files, for every host: a file of the library (an original in one of its
 * sources, a derivative in its cache, a thumbnail) or nothing. The path grammar refuses `..`
 * before any lookup; then the resolved file's real path must lie inside the folder it belongs to,
 * so no symbolic link leads out either.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseMediaPath } from '../../../shared/contract/media.js';
import type { Db } from '../catalog/database.js';
import { originalFile } from './original-bytes.js';
import type { Thumbs } from './thumbs.js';

export interface MediaFile {
  file: string;
  contentType: string;
  /** Cache files and thumbnails are named by content: they never change under their name. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  tiff: 'image/tiff',
  heic: 'image/heic',
  jxl: 'image/jxl',
  jp2: 'image/jp2',
  bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon',
};

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `file` when its real path lies inside the real `root`, else undefined (also when missing). */
async function within(root: string, file: string): Promise<string | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    return isInside(realRoot, realFile) ? realFile : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @example
 * const media = await resolveMedia('derivative/ab/ab12….webp', { db, cacheDir, thumbs });
 * if (!media) return notFound();
 */
export async function resolveMedia(
  mediaPath: string,
  library: { db: Db; cacheDir: string; thumbs: Thumbs },
): Promise<MediaFile | undefined> {
  const ref = parseMediaPath(mediaPath);
  if (!ref) return undefined;
  if (ref.kind === 'derivative') {
    const file = await within(library.cacheDir, path.join(library.cacheDir, ref.file));
    const extension = path.extname(ref.file).slice(1);
    return file ? { file, contentType: CONTENT_TYPES[extension]!, immutable: true } : undefined;
  }
  if (ref.kind === 'thumb') {
    const made = await library.thumbs.fileFor(library.db, ref.id).catch(() => undefined);
    const file = made && (await within(library.thumbs.dir, made));
    return file ? { file, contentType: 'image/webp', immutable: true } : undefined;
  }
  const found = originalFile(library.db, ref.id);
  if (!found) return undefined;
  const file = await within(found.root, found.file);
  const contentType = CONTENT_TYPES[found.row.format ?? ''] ?? 'application/octet-stream';
  return file ? { file, contentType, immutable: false } : undefined;
}
