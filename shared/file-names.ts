/**
 * Which file names a source's walk keeps, by name alone: those that promise an image, less the
 * hidden and litter files editors and browsers leave around. Pure, so the core's scan and
 * watcher and the browser's folder upload agree on it.
 */

const IMAGE_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'png',
  'apng',
  'gif',
  'webp',
  'avif',
  'heic',
  'heif',
  'tif',
  'tiff',
  'svg',
  'jp2',
  'j2k',
  'jpx',
  'jxl',
  'bmp',
  'psd',
  'ico',
]);

/**
 * Whether a file name promises an image; such files are reported even when their bytes are not.
 * @example hasImageExtension('a/b.JPG') === true
 */
export function hasImageExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/**
 * Names that are never originals: hidden ones (our own `.tmp-*` writes among them) and the swap,
 * backup, temp and partial-download files that editors and browsers leave beside the file they
 * save.
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
