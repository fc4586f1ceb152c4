/**
 * Remote keys: built from catalog data, so they are checked before anything is sent. A key that
 * climbs out of its target (`..`), starts at the root, or hides control characters is refused,
 * and unicode is normalised to NFC so one file never publishes under two spellings.
 */
import { CodedError } from '../../../shared/contract/errors.js';

/** A key (or a template or prefix that makes keys) that cannot be published. */
export class KeyError extends CodedError {
  constructor(
    subject: string,
    readonly reason: string,
    what: 'key' | 'template' = 'key',
  ) {
    const quoted = JSON.stringify(subject).slice(1, -1);
    super(
      'refused',
      what === 'key'
        ? `cannot publish under key "${quoted}": ${reason}`
        : `cannot use template "${quoted}": ${reason}`,
    );
    this.name = 'KeyError';
  }
}

// C0 and C1 control characters, DEL included.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_KEY_BYTES = 1024;

/**
 * The key in NFC, or a KeyError saying what is wrong with it.
 * @example safeKey('card/photos/Cafe\u0301.webp') === 'card/photos/Café.webp'
 */
export function safeKey(key: string): string {
  const nfc = key.normalize('NFC');
  if (nfc === '') throw new KeyError(key, 'it is empty');
  if (CONTROL.test(nfc)) throw new KeyError(key, 'it contains a control character');
  if (nfc.startsWith('/')) throw new KeyError(key, 'it starts with "/"');
  if (nfc.includes('\\')) throw new KeyError(key, 'it contains "\\"');
  for (const segment of nfc.split('/')) {
    if (segment === '..' || segment === '.') {
      throw new KeyError(key, `it has a "${segment}" segment`);
    }
    if (segment === '') throw new KeyError(key, 'it has an empty segment ("//" or a trailing "/")');
  }
  if (Buffer.byteLength(nfc) > MAX_KEY_BYTES) {
    throw new KeyError(key, `it is longer than ${MAX_KEY_BYTES} bytes`);
  }
  return nfc;
}

/**
 * A key prefix (an S3 prefix, without slashes at either end), checked like a key; '' for none.
 * @example safePrefix('/site/img/') === 'site/img'
 */
export function safePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : safeKey(trimmed);
}
