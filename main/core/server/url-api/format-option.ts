/**
 * Output formats as URLs spell them: the `format` option's value and the extension.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import type { SniffedFormat } from '../../imaging/sniff.js';
import { badRequest } from './url-api-error.js';

/** imgproxy's image type names and the formats they mean (`format`, `skip_processing`). */
const IMAGE_TYPES: Record<string, SniffedFormat> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  heic: 'heic',
  heif: 'heic',
  tiff: 'tiff',
  svg: 'svg',
  bmp: 'bmp',
  ico: 'ico',
  jxl: 'jxl',
};

const ENCODED: ReadonlySet<SniffedFormat> = new Set(['jpeg', 'png', 'webp', 'avif', 'gif']);

/**
 * An image type as imgproxy names it, or undefined for a name it does not know.
 * @example imageType('jpg') === 'jpeg'
 */
export function imageType(name: string): SniffedFormat | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(IMAGE_TYPES, key) ? IMAGE_TYPES[key] : undefined;
}

/**
 * An output format as a URL spells it (an option value or the extension), `auto` included.
 * @example parseFormat('jpg') === 'jpeg'
 */
export function parseFormat(value: string): EncodedFormat | 'auto' {
  if (value.toLowerCase() === 'auto') return 'auto';
  const format = imageType(value);
  if (!format || !ENCODED.has(format)) {
    throw badRequest(`output format "${value}" is not supported (jpg, png, webp, avif, gif)`);
  }
  return format as EncodedFormat;
}
