/**
 * Recognises image formats by their first bytes, so a PNG named `.jpg` is a PNG and a text file
 * named `.jpg` is not an image at all.
 */

/** Formats we can name from their magic bytes, readable or not by this build. */
export type SniffedFormat =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'avif'
  | 'heic'
  | 'tiff'
  | 'svg'
  | 'jp2'
  | 'jxl'
  | 'bmp'
  | 'psd'
  | 'ico'
  | 'pdf';

/** How many leading bytes `sniffFormat` needs to decide. */
export const SNIFF_BYTES = 512;

// Where a name alone promises an image: shared with the browser's folder upload.
export { hasImageExtension } from '../../../shared/file-names.js';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

const HEIF_AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function sniffIsoBmff(bytes: Uint8Array): SniffedFormat | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const boxSize = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= Math.min(boxSize, bytes.length); at += 4) {
    brands.push(ascii(bytes, at, 4));
  }
  // The major brand may be a generic one (mif1) with avif among the compatible brands.
  if (brands.some((b) => HEIF_AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIF_HEIC_BRANDS.has(b))) return 'heic';
  if (brands.some((b) => b === 'jp2 ' || b === 'jpx ')) return 'jp2';
  return undefined;
}

function sniffText(bytes: Uint8Array): SniffedFormat | undefined {
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!text.startsWith('<')) return undefined;
  return /<svg[\s>]/i.test(text) ? 'svg' : undefined;
}

/**
 * Names the image format of a file from its first `SNIFF_BYTES` bytes, or undefined.
 * @example sniffFormat(await readHead(file)) === 'png'
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20])) return 'jp2';
  if (startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) return 'jp2';
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 4) === 'JXL ') return 'jxl';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
  if (ascii(bytes, 0, 4) === '8BPS') return 'psd';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes[4] !== 0) return 'ico';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  return sniffIsoBmff(bytes) ?? sniffText(bytes);
}

/** Formats this build of sharp decodes; the others get a clear "not supported" error. */
export const READABLE_FORMATS: ReadonlySet<SniffedFormat> = new Set([
  'jpeg',
  'png',
  'gif',
  'webp',
  'avif',
  'tiff',
  'svg',
]);

const FORMAT_NAMES: Record<SniffedFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
  heic: 'HEIC',
  tiff: 'TIFF',
  svg: 'SVG',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
  bmp: 'BMP',
  psd: 'Photoshop PSD',
  ico: 'ICO',
  pdf: 'PDF',
};

/** @example formatName('heic') === 'HEIC' */
export function formatName(format: SniffedFormat): string {
  return FORMAT_NAMES[format];
}
