/**
 * Error texts as a client may see them: without the machine's absolute paths. A path inside a
 * folder the library knows (a source, the library's own folder) is written from that folder's
 * name, as the app shows files (`photos/trips/a.jpg`); any other absolute path keeps only its
 * last segment. Errors from Node (`ENOENT: …, open '/home/…/a.jpg'`) and from the library's own
 * checks are both rewritten here, at the service's edge, rather than at each place that throws.
 */

/** A folder and the name a client knows it by. */
export interface NamedFolder {
  dir: string;
  name: string;
}

// An absolute path begins a message or follows a space, a quote, a bracket or `=`; it runs to
// the next space or quote. `s3://bucket/key` does not match: its slashes follow a colon.
const POSIX_PATH = /(^|[\s'"`(=[])(\/[^\s'"`()[\]]+)/g;
const WINDOWS_PATH = /(^|[\s'"`(=[])([A-Za-z]:\\[^\s'"`()[\]]*)/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lastSegment(file: string): string {
  const segments = file.split(/[\\/]/).filter(Boolean);
  return segments.at(-1) ?? '';
}

/**
 * `text` with every absolute path made relative to a named folder, or cut to its last segment.
 * @example
 * clientText("ENOENT: open '/home/me/Pictures/trips/a.jpg'", [{ dir: '/home/me/Pictures', name: 'photos' }])
 * // "ENOENT: open 'photos/trips/a.jpg'"
 */
export function clientText(text: string, folders: readonly NamedFolder[]): string {
  let out = text;
  // Longest first: a source inside the library folder is named by the source.
  for (const { dir, name } of [...folders].sort((a, b) => b.dir.length - a.dir.length)) {
    const bare = dir.replace(/[\\/]+$/, '');
    if (bare === '') continue;
    for (const separator of ['/', '\\']) out = out.split(`${bare}${separator}`).join(`${name}/`);
    // The folder itself, where no other path character follows (not `/photos-old`).
    out = out.replace(new RegExp(`${escapeRegExp(bare)}(?![^\\s'"\`()[\\]])`, 'g'), name);
  }
  return out
    .replace(POSIX_PATH, (_, before: string, file: string) => `${before}${lastSegment(file)}`)
    .replace(WINDOWS_PATH, (_, before: string, file: string) => `${before}${lastSegment(file)}`);
}
