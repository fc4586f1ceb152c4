/**
 * `thumbdesk/url`: what a site needs to point at `thumbdesk serve` (or imgproxy), with no
 * dependencies, in browsers and Node alike. Signing uses Web Crypto's HMAC (node:crypto is not in
 * browsers), so the builders are async. Image URLs, `/info` URLs (size, hash and placeholder of
 * an original), `srcset`s; `<picture>` markup from a published manifest is in picture.ts,
 * exported here too.
 */

export {
  pictureHtml,
  PictureMissingError,
  type PictureManifest,
  type PictureOptions,
  type PictureVariant,
} from './picture.js';

/** A signing pair, hex as `serve --key/--salt` take them. */
export interface UrlKey {
  key: string;
  salt: string;
  /** Bytes of the HMAC kept (imgproxy's IMGPROXY_SIGNATURE_SIZE). Default 32. */
  signatureSize?: number;
}

/** Processing options by imgproxy name or short form: `{ rs: ['fill', 300, 200], q: 80 }`. */
export type UrlOptions = Record<
  string,
  string | number | boolean | readonly (string | number | boolean)[]
>;

export interface ImageUrl {
  /** The source as the server reads it: `local:///<source name>/<path>`. */
  source: string;
  options?: UrlOptions;
  /** The answer's format as the extension (`webp`, `avif`, `jpg`…); none: the server chooses. */
  extension?: string;
  /** Set `cb` to the original's content version (16 hex of its hash) to make the URL immutable. */
  contentHash?: string;
}

const BASE64URL = /[+/=]/g;

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(BASE64URL, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new Error('key and salt must be hex');
  return new Uint8Array(hex.match(/../g)!.map((pair) => parseInt(pair, 16)));
}

function optionSegment(name: string, value: UrlOptions[string]): string {
  const values = Array.isArray(value) ? value : [value];
  const text = values.map((v) => (v === true ? '1' : v === false ? '0' : String(v)));
  return [name, ...text].join(':');
}

/** `/<options>/<Base64 source>[.extension]`: what a signature covers. */
function unsignedPath(image: ImageUrl): string {
  const options = { ...image.options };
  if (image.contentHash) options.cb = image.contentHash.slice(0, 16);
  const segments = Object.entries(options).map(([name, value]) => optionSegment(name, value));
  const source = base64url(new TextEncoder().encode(image.source));
  return `/${[...segments, source].join('/')}${image.extension ? `.${image.extension}` : ''}`;
}

/**
 * The signed path of an imgproxy URL (its Base64 source form), or `/insecure/…` without a key.
 * @example
 * await imageUrl({ source: 'local:///photos/a.jpg', options: { w: 300 }, extension: 'webp' }, key)
 * // '/<signature>/w:300/bG9jYWw6Ly8vcGhvdG9zL2EuanBn.webp'
 */
export async function imageUrl(image: ImageUrl, key?: UrlKey): Promise<string> {
  return signed(unsignedPath(image), key);
}

/**
 * The signed path of an `/info` URL (imgproxy Pro's shape, signed as image URLs are): JSON with
 * the original's width, height, format, size, content hash and version, and its ThumbHash
 * placeholder as base64 and as a PNG data URI. Options are info options (`{ s: 0 }` leaves the
 * size out); `contentHash` makes the answer immutable, as for images.
 * @example
 * const info = await (await fetch(`${endpoint}${await infoUrl({ source: 'local:///photos/a.jpg' }, key)}`)).json();
 * img.style.backgroundImage = `url(${info.placeholder})`;
 */
export async function infoUrl(image: Omit<ImageUrl, 'extension'>, key?: UrlKey): Promise<string> {
  return `/info${await signed(unsignedPath({ ...image, extension: undefined }), key)}`;
}

/** `/<signature><path>`, or `/insecure<path>` without a key. */
async function signed(path: string, key: UrlKey | undefined): Promise<string> {
  if (!key) return `/insecure${path}`;
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    hexBytes(key.key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const message = new Uint8Array([...hexBytes(key.salt), ...new TextEncoder().encode(path)]);
  const digest = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, message));
  return `/${base64url(digest.subarray(0, key.signatureSize ?? 32))}${path}`;
}

/**
 * A `srcset` of the same image at several densities (`dpr`) or widths (`w`).
 * @example
 * await srcset({ source: 'local:///photos/a.jpg', options: { w: 300 } }, { densities: [1, 2] }, key)
 * // '/…/w:300/dpr:1/….webp 1x, /…/w:300/dpr:2/….webp 2x'
 */
export async function srcset(
  image: ImageUrl,
  sizes: { densities: readonly number[] } | { widths: readonly number[] },
  key?: UrlKey,
  base = '',
): Promise<string> {
  const entries =
    'densities' in sizes
      ? sizes.densities.map((d) => [{ ...image.options, dpr: d }, `${d}x`] as const)
      : sizes.widths.map((w) => [{ ...image.options, w }, `${w}w`] as const);
  const urls = await Promise.all(entries.map(([options]) => imageUrl({ ...image, options }, key)));
  return urls.map((url, i) => `${base}${url} ${entries[i]![1]}`).join(', ');
}
