/**
 * Whether a path stays inside a folder: the one check between a name from outside (a media
 * path, an upload, a URL, a publish key, a symbolic link) and a file elsewhere on the disk.
 */
import path from 'node:path';

/**
 * Whether `candidate` lies below `root`; the root itself counts only with `orSelf`. Both are
 * compared as given: resolve links first (realpath) where a link must not lead out.
 * @example isInside('/photos', '/photos/a.jpg') // true
 * @example isInside('/photos', '/photos', { orSelf: true }) // true; without orSelf, false
 */
export function isInside(
  root: string,
  candidate: string,
  options: { orSelf?: boolean } = {},
): boolean {
  const rel = path.relative(root, candidate);
  if (rel === '') return options.orSelf ?? false;
  // Only a `..` segment climbs: a name that merely starts with two dots (`..notes.jpg`) is inside.
  const climbs = rel === '..' || rel.startsWith(`..${path.sep}`);
  return !climbs && !path.isAbsolute(rel);
}
