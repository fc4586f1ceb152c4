/**
 * The only image sources the URL API knows: `local:///<source name>/<path>`, a file of one of
 * the library's sources. Remote schemes, absolute paths and every spelling of a way out of the
 * source are refused before anything touches the disk, so no request opens a connection or
 * reads a file the library does not hold.
 */
import { badRequest } from './url-api-error.js';

export interface SourceRef {
  /** A library source's name, as `thumbdesk add` gave it. */
  sourceName: string;
  /** Relative to the source, `/`-separated, never empty, never leaving it. */
  relPath: string;
}

const LOCAL = 'local:///';
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Encoded dots, slashes, backslashes and NULs left after decoding can only be an attempt to
// smuggle a path past the checks (or past a second decoder downstream).
const ENCODED_SEPARATOR = /%(2e|2f|5c|00)/i;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses a decoded source URL into a source name and a relative path, or throws a 400 with the
 * reason.
 * @example parseSourceUrl('local:///photos/trips/a.jpg') // { sourceName: 'photos', relPath: 'trips/a.jpg' }
 */
export function parseSourceUrl(url: string): SourceRef {
  if (!url.startsWith(LOCAL)) {
    const scheme = SCHEME.exec(url)?.[1];
    if (scheme) {
      throw badRequest(
        `only local:///<source>/<path> images are served; ${scheme.toLowerCase()}: URLs are refused`,
      );
    }
    throw badRequest('the image must be named as local:///<source>/<path>');
  }
  const rest = url.slice(LOCAL.length);
  if (rest.startsWith('/')) throw badRequest('absolute paths are refused; name a library source');
  if (rest.includes('\\')) throw badRequest('backslashes are refused in image paths');
  if (CONTROL.test(rest)) throw badRequest('control characters are refused in image paths');
  if (ENCODED_SEPARATOR.test(rest)) {
    throw badRequest('percent-encoded dots, slashes and backslashes are refused in image paths');
  }
  const segments = rest.split('/');
  if (segments.some((s) => s === '.' || s === '..')) {
    throw badRequest('"." and ".." are refused in image paths');
  }
  if (segments.some((s) => s === '')) throw badRequest('empty path segments are refused');
  const [sourceName, ...path] = segments;
  if (path.length === 0) throw badRequest('the image path names a source but no file in it');
  return { sourceName: sourceName!, relPath: path.join('/') };
}
