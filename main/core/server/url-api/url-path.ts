/**
 * The shape of an imgproxy URL path:
 * `/<signature>/<option>:<args>/…/plain/<source url>@<extension>` or
 * `/<signature>/<option>:<args>/…/<base64url(source url)>.<extension>`, the extension optional.
 * Options are the segments holding a `:`; the first segment without one starts the source.
 */
import { parseSourceUrl, type SourceRef } from './source-url.js';
import { badRequest } from './url-api-error.js';

export interface RawOption {
  name: string;
  args: string[];
}

export interface ParsedPath {
  options: RawOption[];
  source: SourceRef;
  /** The extension after `@` or `.`; undefined when none was given (or `@` was left bare). */
  extension: string | undefined;
}

/**
 * Whether `path` has the shape of an image URL, `/<signature>/<rest>`: what splitSignature
 * splits, checked without building anything (every request of the URL API asks).
 * @example isSignedShape('/insecure/w:300/plain/local:///p/a.jpg') === true
 */
export function isSignedShape(path: string): boolean {
  const slash = path.indexOf('/', 1);
  return path.startsWith('/') && slash > 0 && slash !== path.length - 1;
}

/**
 * Splits `/<signature>/<rest>` into the signature and the signed path (`/<rest>`); undefined
 * when the path has no second segment and so cannot be an image URL.
 * @example splitSignature('/insecure/w:300/plain/local:///p/a.jpg').signature === 'insecure'
 */
export function splitSignature(
  path: string,
): { signature: string; signedPath: string } | undefined {
  if (!isSignedShape(path)) return undefined;
  const slash = path.indexOf('/', 1);
  return {
    signature: path.slice(1, slash),
    signedPath: `/${redenormalizePath(path.slice(slash + 1))}`,
  };
}

// A `scheme:/x` that a proxy made of `scheme://x` (imgproxy's fixPathRe).
const COLLAPSED_SCHEME = /^(\S+):\/([^/])/;

/**
 * imgproxy's RedenormalizePath: undoes what browsers, proxies and CDNs do to a path. Escaped
 * option colons (`rs%3Afill%3A300`) are unescaped, a plain source whose `//` was collapsed
 * (`local:/photos/a.jpg`) gets it back, and an empty options segment goes. The signature is
 * checked over the result, as imgproxy checks it.
 * @example redenormalizePath('rs%3Afill%3A30/plain/local:/p/a.jpg') === 'rs:fill:30/plain/local:///p/a.jpg'
 */
export function redenormalizePath(path: string): string {
  const at = path.startsWith('plain/') ? -1 : path.indexOf('/plain/');
  const hasPlain = at >= 0 || path.startsWith('plain/');
  const options = (hasPlain ? path.slice(0, Math.max(at, 0)) : path).replace(/%3A/gi, ':');
  if (!hasPlain) return options.replace(/^\//, '');
  let plain = path.slice(at < 0 ? 'plain/'.length : at + '/plain/'.length);
  const match = COLLAPSED_SCHEME.exec(plain);
  if (match) {
    const [whole, scheme, next] = match;
    plain = `${scheme}://${scheme === 'local' ? '/' : ''}${next}${plain.slice(whole.length)}`;
  }
  return `${options}/plain/${plain}`.replace(/^\//, '');
}

function splitLast(text: string, separator: string): [string, string | undefined] {
  const at = text.lastIndexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw badRequest('the image path has a malformed percent-encoding');
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBase64Source(encoded: string): string {
  if (!BASE64URL.test(encoded)) {
    throw badRequest('the source is neither plain/<url> nor URL-safe Base64');
  }
  try {
    return utf8.decode(Buffer.from(encoded, 'base64url'));
  } catch {
    throw badRequest('the Base64 source does not decode to UTF-8 text');
  }
}

/**
 * Parses a signed path into its options, its source and its extension. Throws a 400 for a
 * path with no source or a source that is not a library file.
 * @example parseSignedPath('/rs:fit:300:200/plain/local:///photos/a.jpg@webp')
 */
export function parseSignedPath(signedPath: string): ParsedPath {
  const parts = signedPath.slice(1).split('/');
  const options: RawOption[] = [];
  let index = 0;
  for (; index < parts.length; index += 1) {
    const [name, ...args] = parts[index]!.split(':');
    if (args.length === 0) break;
    options.push({ name: name!, args });
  }
  const sourceParts = parts.slice(index);
  if (sourceParts.length === 0 || sourceParts.every((p) => p === '')) {
    throw badRequest('the URL names no image after its options');
  }
  let url: string;
  let extension: string | undefined;
  if (sourceParts[0] === 'plain') {
    const [plain, ext] = splitLast(sourceParts.slice(1).join('/'), '@');
    url = plain;
    extension = ext;
  } else {
    const [encoded, ext] = splitLast(sourceParts.join(''), '.');
    url = decodeBase64Source(encoded);
    extension = ext;
  }
  return {
    options,
    source: parseSourceUrl(percentDecode(url)),
    extension: extension || undefined,
  };
}
