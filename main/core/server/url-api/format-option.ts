/**
 * Output formats as URLs spell them: the `format` option's value and the extension.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import { badRequest } from './url-api-error.js';

const FORMATS: Record<string, EncodedFormat | 'auto'> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  auto: 'auto',
};

/**
 * An output format as a URL spells it (an option value or the extension), `auto` included.
 * @example parseFormat('jpg') === 'jpeg'
 */
export function parseFormat(value: string): EncodedFormat | 'auto' {
  const format = Object.hasOwn(FORMATS, value.toLowerCase())
    ? FORMATS[value.toLowerCase()]
    : undefined;
  if (!format) {
    throw badRequest(`output format "${value}" is not supported (jpg, png, webp, avif, gif)`);
  }
  return format;
}
