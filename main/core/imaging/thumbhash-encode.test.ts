import fc from 'fast-check';
import sharp from 'sharp';
import { rgbaToThumbHash as packageEncoder } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { prng } from '../test-support/prng.js';
import { rgbaToThumbHash } from './thumbhash-encode.js';

/**
 * How the pixels are drawn: any bytes; opaque (the no-alpha layout); alpha only 0 or 255;
 * a few extreme levels (rounding edges of the quantisers); one flat colour; fully transparent.
 */
const MODES = ['any', 'opaque', 'cutout', 'extremes', 'flat', 'clear'] as const;

function pixels(w: number, h: number, mode: (typeof MODES)[number], seed: number): Uint8Array {
  // fast-check draws the seed, so a failure replays from it.
  const rng = prng(seed);
  const byte = () => rng.int(256);
  const extremes = [0, 1, 127, 128, 254, 255];
  const flat = [byte(), byte(), byte(), byte()];
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < rgba.length; i += 1) {
    const alpha = i % 4 === 3;
    if (mode === 'any') rgba[i] = byte();
    else if (mode === 'opaque') rgba[i] = alpha ? 255 : byte();
    else if (mode === 'cutout') rgba[i] = alpha ? (rng.chance(0.5) ? 0 : 255) : byte();
    else if (mode === 'extremes') rgba[i] = rng.pick(extremes);
    else if (mode === 'flat') rgba[i] = flat[i % 4]!;
    else rgba[i] = alpha ? 0 : byte();
  }
  return rgba;
}

const side = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.constantFrom(0, 1, 2, 3, 7, 63, 64, 99, 100),
);

describe('rgbaToThumbHash (our encoder)', () => {
  it('gives the thumbhash package’s bytes for any RGBA image up to 100 × 100', () => {
    fc.assert(
      fc.property(side, side, fc.constantFrom(...MODES), fc.integer(), (w, h, mode, seed) => {
        const rgba = pixels(w, h, mode, seed);
        expect(rgbaToThumbHash(w, h, rgba)).toEqual(packageEncoder(w, h, rgba));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the package’s bytes for real photos at the sizes placeholders use', async () => {
    for (const name of ['Landscape_1.jpg', 'Portrait_6.jpg', 'flowers.jpeg']) {
      for (const size of [64, 100]) {
        const { data, info } = await sharp(fixture(name))
          .resize(size, size, { fit: 'inside' })
          .ensureAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        expect(rgbaToThumbHash(info.width, info.height, data)).toEqual(
          packageEncoder(info.width, info.height, data),
        );
      }
    }
  });

  it('refuses a side past 100 or not a whole number, as a bug of its caller', () => {
    for (const [w, h] of [
      [101, 10],
      [10, 101],
      [1.5, 10],
      [-1, 10],
    ] as const) {
      expect(() => rgbaToThumbHash(w, h, new Uint8Array(4000))).toThrow(
        expect.objectContaining({ code: 'internal', message: `${w}x${h} doesn't fit in 100x100` }),
      );
    }
  });
});
