/**
 * `<picture>` markup for one original and one preset of a Thumbdesk manifest (thumbdesk.json).
 * Modern formats come first as <source> elements; the most widely supported format the preset
 * has (JPEG, else PNG, GIF, WebP, AVIF) is the <img>, sized by its 1x variant so the page keeps
 * its layout while the image loads.
 *
 * @param {{ originals: Record<string, { presets: Record<string, Array<{ path: string, format: string, width: number, height: number, density: number }>> }> }} manifest
 *   the parsed thumbdesk.json
 * @param {string} original the original's key, "source/path/in/source.jpg"
 * @param {string} preset a preset name
 * @param {{ baseUrl?: string, alt?: string, sizes?: string }} [options] baseUrl: where the
 *   publish is served ("https://cdn.example.com/img/"); sizes: a `sizes` attribute, which
 *   switches srcset from density (1x, 2x) to width (640w, 1280w) descriptors
 * @returns {string} the markup
 * @example pictureHtml(manifest, 'photos/trips/alps.jpg', 'card', { baseUrl: '/img/', alt: 'The Alps' })
 */
export function pictureHtml(manifest, original, preset, { baseUrl = '', alt = '', sizes } = {}) {
  const variants = manifest.originals[original]?.presets[preset];
  if (!variants) throw new Error(`the manifest has no "${preset}" variants of ${original}`);
  const attr = (text) =>
    String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  // Each segment percent-encoded (a comma would split a srcset, a # end the URL); @ stays.
  const encode = (segment) => encodeURIComponent(segment).replace(/%40/g, '@');
  const url = (variant) => attr(baseUrl + variant.path.split('/').map(encode).join('/'));
  const srcset = (list) =>
    list.map((v) => `${url(v)} ${sizes ? `${v.width}w` : `${v.density}x`}`).join(', ');
  const byFormat = new Map();
  for (const v of variants) byFormat.set(v.format, [...(byFormat.get(v.format) ?? []), v]);
  const preference = ['avif', 'webp', 'gif', 'png', 'jpeg'];
  const formats = [...byFormat.keys()].sort(
    (a, b) => preference.indexOf(a) - preference.indexOf(b),
  );
  const fallback = byFormat.get(formats.pop());
  const first = fallback.find((v) => v.density === 1) ?? fallback[0];
  const sizesAttr = sizes ? ` sizes="${attr(sizes)}"` : '';
  return [
    '<picture>',
    ...formats.map(
      (f) => `  <source type="image/${f}" srcset="${srcset(byFormat.get(f))}"${sizesAttr}>`,
    ),
    `  <img src="${url(first)}" srcset="${srcset(fallback)}"${sizesAttr}` +
      ` width="${first.width}" height="${first.height}" alt="${attr(alt)}"` +
      ' loading="lazy" decoding="async">',
    '</picture>',
  ].join('\n');
}
