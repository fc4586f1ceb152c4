import { describe, expect, it } from 'vitest';
import { pictureHtml, PictureMissingError, type PictureVariant } from './picture.js';

const variant = (format: string, density: number, width = 100 * density): PictureVariant => ({
  path: `card/a b/x${density > 1 ? `@${density}x` : ''}.${format}`,
  format,
  width,
  height: width / 2,
  density,
});
const manifest = (variants: PictureVariant[]) => ({
  originals: { 'src/x.jpg': { presets: { card: variants } } },
});

// docs/examples/picture.test.ts runs it on a real publish; these cover the formats it lacks.
describe('pictureHtml', () => {
  it('makes the most widely supported format the <img> and orders the sources modern first', () => {
    const html = pictureHtml(
      manifest([variant('png', 2), variant('webp', 1), variant('png', 1), variant('avif', 1)]),
      'src/x.jpg',
      'card',
      { alt: '<a & "b">' },
    );
    expect(html.split('\n')).toEqual([
      '<picture>',
      '  <source type="image/avif" srcset="card/a%20b/x.avif 1x">',
      '  <source type="image/webp" srcset="card/a%20b/x.webp 1x">',
      '  <img src="card/a%20b/x.png" srcset="card/a%20b/x@2x.png 2x, card/a%20b/x.png 1x"' +
        ' width="100" height="50" alt="&lt;a &amp; &quot;b&quot;>" loading="lazy" decoding="async">',
      '</picture>',
    ]);
  });

  it('throws a coded error for an original or preset the manifest lacks', () => {
    const m = manifest([variant('jpeg', 1)]);
    for (const [original, preset] of [
      ['src/y.jpg', 'card'],
      ['src/x.jpg', 'hero'],
      // Names of Object.prototype's members: missing too, not a TypeError from a function.
      ['src/x.jpg', 'constructor'],
      ['src/x.jpg', '__proto__'],
      ['toString', 'card'],
      ['__proto__', 'card'],
    ]) {
      const error = (() => {
        try {
          pictureHtml(m, original!, preset!);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(PictureMissingError);
      expect(error).toMatchObject({ code: 'PICTURE_MISSING' });
    }
  });
});
