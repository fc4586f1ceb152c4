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
import { isInside } from '../fs/inside.js';
import { originalFile } from './original-bytes.js';
import type { RenditionKind, Renditions } from './renditions.js';

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
};

/** Formats every browser shows as they are; other originals are shown as a rendition. */
const BROWSER_FORMATS = new Set(['jpeg', 'png', 'gif', 'webp', 'avif', 'svg']);

/**
 * `file` when its real path lies inside `root`, else undefined (also when missing). Roots are
 * real already: the library's folder and its sources are stored as real paths.
 */
async function within(root: string, file: string): Promise<string | undefined> {
  const realFile = await realpath(file).catch(() => undefined);
  return realFile !== undefined && isInside(root, realFile) ? realFile : undefined;
}

async function rendition(
  library: { db: Db; renditions: Renditions },
  id: number,
  kind: RenditionKind,
): Promise<MediaFile | undefined> {
  const made = await library.renditions.fileFor(library.db, id, kind).catch(() => undefined);
  const file = made && (await within(library.renditions.dir, made));
  return file ? { file, contentType: 'image/webp', immutable: true } : undefined;
}

/**
 * A media path's file. `original/<id>` answers the original's own bytes when a browser can show
 * them, else a large WebP rendition (a TIFF or HEIC original still shows in the detail view).
 * @example
 * const media = await resolveMedia('derivative/ab/ab12….webp', { db, cacheDir, renditions });
 * if (!media) return notFound();
 */
export async function resolveMedia(
  mediaPath: string,
  library: { db: Db; cacheDir: string; renditions: Renditions },
): Promise<MediaFile | undefined> {
  const ref = parseMediaPath(mediaPath);
  if (!ref) return undefined;
  if (ref.kind === 'derivative') {
    const file = await within(library.cacheDir, path.join(library.cacheDir, ref.file));
    const extension = path.extname(ref.file).slice(1);
    return file ? { file, contentType: CONTENT_TYPES[extension]!, immutable: true } : undefined;
  }
  if (ref.kind === 'thumb') return rendition(library, ref.id, 'thumb');
  const found = originalFile(library.db, ref.id);
  if (!found) return undefined;
  if (!BROWSER_FORMATS.has(found.row.format ?? '')) return rendition(library, ref.id, 'large');
  const file = await within(found.root, found.file);
  const contentType = CONTENT_TYPES[found.row.format!]!;
  return file ? { file, contentType, immutable: false } : undefined;
}
