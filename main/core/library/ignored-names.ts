/**
 * File and folder names that are never originals: hidden ones (our own `.tmp-*` writes among
 * them) and the swap, backup, temp and partial-download files that editors and browsers leave
 * beside the file they save. The walk and the watcher both skip them, so a scan and a watch agree
 * on what a source holds.
 */

const LITTER: readonly RegExp[] = [
  /~$/, // backups: Emacs, Kate, gedit
  /\.sw[a-p]$/i, // Vim swap files (.swp, .swo, …) kept outside hidden names
  /\.tmp$/i,
  /^4913$/, // Vim's probe that it may write in a folder
  /^#.*#$/, // Emacs auto-save
  /\.(crdownload|part|download)$/i, // browsers' downloads in progress
];

/**
 * Whether a single path segment names something a source never holds as an original.
 * @example isIgnoredName('.#photo.jpg') // true; isIgnoredName('photo.jpg~') // true
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || LITTER.some((pattern) => pattern.test(name));
}
