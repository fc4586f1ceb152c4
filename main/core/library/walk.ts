/**
 * Walks a source folder: every regular, non-hidden, non-litter file below it, following symlinks only while
 * they stay inside the source, and surviving loops, vanished files and unreadable folders.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../fs/inside.js';
import { isIgnoredName } from './ignored-names.js';

export interface WalkedFile {
  /** Relative to the source, with `/` separators. */
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Folders that could not be read: what was under them is unknown, not gone. */
  unreadable: { relPath: string; reason: string }[];
}

/** In a walk, a folder counts as inside itself (a link to the root, the root excluded). */
const SELF = { orSelf: true };

export interface WalkOptions {
  /** Absolute paths never entered (the library itself, when it lies inside a source). */
  exclude?: readonly string[];
}

/**
 * Whether `candidate` lies in one of the `exclude` folders below `root`: those a walk of `root`
 * never enters. A source that is itself inside an excluded folder (the library's uploads) is
 * walked like any other.
 * @example isExcluded('/photos', '/photos/.thumbdesk/cache/a.webp', ['/photos/.thumbdesk']) // true
 */
export function isExcluded(root: string, candidate: string, exclude: readonly string[]): boolean {
  return exclude.some(
    (dir) => dir !== root && isInside(root, dir, SELF) && isInside(dir, candidate, SELF),
  );
}

/**
 * @example const { files } = await walkSource('/photos');
 */
export async function walkSource(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const realRoot = await realpath(root);
  const excluded = new Set(options.exclude ?? []);
  const visited = new Set<string>([realRoot]);
  const result: WalkResult = { files: [], unreadable: [] };

  async function visitDir(absDir: string, relDir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      result.unreadable.push({ relPath: relDir, reason: (error as Error).message });
      return;
    }
    const subdirs: [string, string][] = [];
    await Promise.all(
      entries.map(async (entry) => {
        if (isIgnoredName(entry.name)) return;
        const abs = path.join(absDir, entry.name);
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        if (excluded.has(abs)) return;
        try {
          if (entry.isSymbolicLink() && !isInside(realRoot, await realpath(abs), SELF)) return;
          const info = entry.isSymbolicLink() ? await stat(abs) : await lstat(abs);
          if (info.isDirectory()) {
            // Compare real paths so that no chain of links can bring the walk back to a folder.
            const real = await realpath(abs);
            if (visited.has(real) || excluded.has(real)) return;
            visited.add(real);
          }
          if (info.isDirectory()) subdirs.push([abs, rel]);
          else if (info.isFile()) {
            result.files.push({
              relPath: rel,
              absPath: abs,
              size: info.size,
              mtimeMs: info.mtimeMs,
            });
          }
        } catch (error) {
          // Vanished between readdir and stat, or a dangling link: not a file of the source.
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT' && code !== 'ELOOP') {
            result.unreadable.push({ relPath: rel, reason: (error as Error).message });
          }
        }
      }),
    );
    for (const [abs, rel] of subdirs) await visitDir(abs, rel);
  }

  await visitDir(realRoot, '');
  return result;
}

/**
 * Files of a source exactly as a walk would list them (a regular file, no hidden or litter
 * segment, its real path inside the source and outside excluded folders), each else undefined:
 * how a caller that learns of single changes (a watcher) sees files without a walk. The root is
 * resolved once; when it cannot be, every file is undefined.
 * @example const [file] = await walkableFiles('/photos', ['trips/a.jpg']);
 */
export async function walkableFiles(
  root: string,
  relPaths: readonly string[],
  exclude: readonly string[] = [],
): Promise<(WalkedFile | undefined)[]> {
  const realRoot = await realpath(root).catch(() => undefined);
  if (realRoot === undefined) return relPaths.map(() => undefined);
  return Promise.all(relPaths.map((relPath) => walkableFile(root, realRoot, relPath, exclude)));
}

async function walkableFile(
  root: string,
  realRoot: string,
  relPath: string,
  exclude: readonly string[],
): Promise<WalkedFile | undefined> {
  const segments = relPath.split('/');
  if (segments.some((s) => s === '' || isIgnoredName(s) || s.includes('\\'))) return undefined;
  const absPath = path.join(root, ...segments);
  try {
    const real = await realpath(absPath);
    if (!isInside(realRoot, real, SELF)) return undefined;
    if (isExcluded(realRoot, real, exclude)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { relPath, absPath, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
