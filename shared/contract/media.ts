/**
 * Media paths: how the contract names an image the UI may show, without a file system path.
 * A host turns a media path into a URL (`/media/<path>` over HTTP, the app's own protocol in
 * the desktop window) and resolves it back to a file of the library only. The grammar is
 * closed: anything that does not match one of the three shapes below is refused before a file
 * system is touched, which is the first of two fences against `..` (the resolver checks the
 * resolved file is inside the library as well).
 */

/** Side of the square box a grid thumbnail fits in, in pixels. */
export const THUMB_SIZE = 256;

export type MediaRef =
  /**
   * The original as a browser can show it: its own bytes (JPEG, PNG, GIF, WebP, AVIF, SVG), else
   * a large WebP rendition (TIFF, HEIC, PSD…).
   */
  | { kind: 'original'; id: number }
  /** A browser-friendly rendition of an original, at most THUMB_SIZE on its longer side. */
  | { kind: 'thumb'; id: number }
  /** A built derivative, by its file in the cache (`ab/abcdef….webp`). */
  | { kind: 'derivative'; file: string };

const ORIGINAL = /^original\/([1-9][0-9]{0,15})$/;
const THUMB = /^thumb\/([1-9][0-9]{0,15})$/;
const DERIVATIVE = /^derivative\/([0-9a-f]{2}\/[0-9a-f]{8,128}\.(?:jpg|webp|avif|png|gif))$/;

/**
 * @example mediaPath({ kind: 'original', id: 12 }) === 'original/12'
 */
export function mediaPath(ref: MediaRef): string {
  return ref.kind === 'derivative' ? `derivative/${ref.file}` : `${ref.kind}/${ref.id}`;
}

/**
 * The reference a media path names, or null for anything else (a query string is ignored, since
 * hosts add one to bust caches).
 * @example parseMediaPath('thumb/7?v=3') // { kind: 'thumb', id: 7 }
 */
export function parseMediaPath(path: string): MediaRef | null {
  const bare = path.split('?', 1)[0] ?? '';
  const original = ORIGINAL.exec(bare);
  if (original) return { kind: 'original', id: Number(original[1]) };
  const thumb = THUMB.exec(bare);
  if (thumb) return { kind: 'thumb', id: Number(thumb[1]) };
  const derivative = DERIVATIVE.exec(bare);
  if (derivative) return { kind: 'derivative', file: derivative[1]! };
  return null;
}
