/**
 * `<picture>` markup from a published manifest (thumbdesk.json), part of `thumbdesk/url`: no
 * dependencies, so a site builds it in a browser or in Node from the manifest it fetched.
 */

/** One published file of a preset, as thumbdesk.json lists it. */
export interface PictureVariant {
  path: string;
  format: string;
  width: number;
  height: number;
  density: number;
}

/** The part of thumbdesk.json that `pictureHtml` reads (the whole manifest fits it). */
export interface PictureManifest {
  originals: Record<string, { presets: Record<string, readonly PictureVariant[]> }>;
}

export interface PictureOptions {
  /** Where the publish is served, ending in `/`: `https://cdn.example.com/img/`. */
  baseUrl?: string;
  alt?: string;
  /** A `sizes` attribute; it switches srcset from density (1x, 2x) to width (640w) descriptors. */
  sizes?: string;
}

/** Raised for an original or preset the manifest does not have. */
export class PictureMissingError extends Error {
  readonly code = 'PICTURE_MISSING';
}

// The <img> gets the most widely supported format; the others become <source>s, modern first.
const PREFERENCE = ['avif', 'webp', 'gif', 'png', 'jpeg'];

const attr = (text: string | number) =>
  String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// Each segment percent-encoded (a comma would split a srcset, a # end the URL); @ stays.
const encode = (segment: string) => encodeURIComponent(segment).replace(/%40/g, '@');

/**
 * `<picture>` markup for one original and one preset of a Thumbdesk manifest. Modern formats come
 * first as `<source>` elements; the most widely supported format the preset has (JPEG, else PNG,
 * GIF, WebP, AVIF) is the `<img>`, sized by its 1x variant so the page keeps its layout while the
 * image loads.
 * @throws PictureMissingError when the manifest has no such original or preset
 * @example
 * pictureHtml(manifest, 'photos/trips/alps.jpg', 'card', { baseUrl: '/img/', alt: 'The Alps' })
 * // '<picture>\n  <source type="image/webp" srcset="/img/card/photos/trips/alps.webp 1x, …">…'
 */
export function pictureHtml(
  manifest: PictureManifest,
  original: string,
  preset: string,
  { baseUrl = '', alt = '', sizes }: PictureOptions = {},
): string {
  // Own properties only: a name such as `constructor` or `__proto__` is missing, not a prototype's.
  const entry = Object.hasOwn(manifest.originals, original)
    ? manifest.originals[original]
    : undefined;
  const variants =
    entry && Object.hasOwn(entry.presets, preset) ? entry.presets[preset] : undefined;
  if (!variants?.length) {
    throw new PictureMissingError(`the manifest has no "${preset}" variants of ${original}`);
  }
  const url = (v: PictureVariant) => attr(baseUrl + v.path.split('/').map(encode).join('/'));
  const srcset = (list: readonly PictureVariant[]) =>
    list.map((v) => `${url(v)} ${sizes ? `${v.width}w` : `${v.density}x`}`).join(', ');
  const byFormat = new Map<string, PictureVariant[]>();
  for (const v of variants) byFormat.set(v.format, [...(byFormat.get(v.format) ?? []), v]);
  const formats = [...byFormat.keys()].sort(
    (a, b) => PREFERENCE.indexOf(a) - PREFERENCE.indexOf(b),
  );
  const fallback = byFormat.get(formats.pop()!)!;
  const first = fallback.find((v) => v.density === 1) ?? fallback[0]!;
  const sizesAttr = sizes ? ` sizes="${attr(sizes)}"` : '';
  return [
    '<picture>',
    ...formats.map(
      (f) => `  <source type="image/${f}" srcset="${srcset(byFormat.get(f)!)}"${sizesAttr}>`,
    ),
    `  <img src="${url(first)}" srcset="${srcset(fallback)}"${sizesAttr}` +
      ` width="${first.width}" height="${first.height}" alt="${attr(alt)}"` +
      ' loading="lazy" decoding="async">',
    '</picture>',
  ].join('\n');
}
