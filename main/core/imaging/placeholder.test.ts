import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { placeholderOf, thumbHashOf, thumbHashOfPixels, type RawPixels } from './placeholder.js';

const bytesOf = (hash: string) => Buffer.from(hash, 'base64');

/**
 * Mean difference, in 8-bit levels, between the images two ThumbHashes of one shape decode to,
 * each shown over mid-grey (a transparent pixel's colour is not part of the picture).
 */
function decodedDifference(a: string, b: string): number {
  const da = thumbHashToRGBA(bytesOf(a));
  const db = thumbHashToRGBA(bytesOf(b));
  expect([da.w, da.h]).toEqual([db.w, db.h]);
  const shown = (rgba: Uint8Array, i: number) => {
    const alpha = rgba[i - (i % 4) + 3]! / 255;
    return i % 4 === 3 ? rgba[i]! : rgba[i]! * alpha + 128 * (1 - alpha);
  };
  let sum = 0;
  for (let i = 0; i < da.rgba.length; i += 1)
    sum += Math.abs(shown(da.rgba, i) - shown(db.rgba, i));
  return sum / da.rgba.length;
}

/** A file decoded as a shared decode leaves it: auto-oriented sRGB at 1024 px or less. */
async function decoded(file: string): Promise<RawPixels> {
  const { data, info } = await sharp(file, { autoOrient: true })
    .resize({ width: 1024, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe('placeholder from decoded pixels', () => {
  it.each(['Landscape_1.jpg', 'Portrait_6.jpg', 'flowers.jpeg', 'concert.jpg'])(
    'describes %s as the ThumbHash of its bytes does',
    async (name) => {
      const fromBytes = await thumbHashOf(await readFile(fixture(name)), TEST_PIXEL_LIMIT);
      const fromPixels = thumbHashOfPixels(await decoded(fixture(name)));
      // Sampled into 64-px boxes rather than resampled to 100 px, so not always the same bytes.
      // The ThumbHash of the 320-px JPEG that stood in before was up to 3.1 levels of 255 from
      // the original's (flowers.jpeg); this one is up to 4.1. A swapped channel scores 8 and more.
      expect(decodedDifference(fromPixels, fromBytes)).toBeLessThan(5);
    },
  );

  it('gives a drawing on a transparent ground the colour and coverage its bytes give', async () => {
    const file = fixture('alpha-premultiply-2048x1536-paper.png');
    const fromBytes = await thumbHashOf(await readFile(file), TEST_PIXEL_LIMIT);
    const fromPixels = thumbHashOfPixels(await decoded(file));
    // Thin strokes on a ground 94 % transparent: the alpha terms are the part of a ThumbHash
    // most sensitive to the resampling filter, so the averages are what is compared: within
    // one step of ThumbHash's quantisation (1/63 for colour, 1/15 for alpha).
    const want = thumbHashToAverageRGBA(bytesOf(fromBytes));
    const got = thumbHashToAverageRGBA(bytesOf(fromPixels));
    for (const channel of ['r', 'g', 'b'] as const) {
      expect(Math.abs(got[channel] - want[channel])).toBeLessThanOrEqual(1.01 / 63);
    }
    expect(Math.abs(got.a - want.a)).toBeLessThanOrEqual(1.01 / 15);
  });

  it('keeps alpha, and transparent pixels lend the picture no colour', () => {
    const width = 80;
    const height = 40;
    const data = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        // Left half opaque red, right half fully transparent green.
        data.set(x < width / 2 ? [255, 0, 0, 255] : [0, 255, 0, 0], (y * width + x) * 4);
      }
    }
    const average = thumbHashToAverageRGBA(
      bytesOf(thumbHashOfPixels({ data, width, height, channels: 4 })),
    );
    expect(average.r).toBeGreaterThan(0.9);
    expect(average.g).toBeLessThan(0.1);
    expect(average.a).toBeGreaterThan(0.4);
    expect(average.a).toBeLessThan(0.6);
  });

  it('reads grey pixels as three equal channels, and grey + alpha likewise', () => {
    const width = 300;
    const height = 200;
    const grey = Buffer.alloc(width * height);
    for (let i = 0; i < grey.length; i += 1) grey[i] = (i % width) % 256;
    const rgb = Buffer.alloc(grey.length * 3);
    grey.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
    const greyAlpha = Buffer.alloc(grey.length * 2, 255);
    grey.forEach((v, i) => (greyAlpha[i * 2] = v));
    const expected = thumbHashOfPixels({ data: rgb, width, height, channels: 3 });
    expect(thumbHashOfPixels({ data: grey, width, height, channels: 1 })).toBe(expected);
    expect(thumbHashOfPixels({ data: greyAlpha, width, height, channels: 2 })).toBe(expected);
  });

  it('takes images smaller than its box as they are, shape kept', async () => {
    const { data, info } = await sharp(fixture('Landscape_1.jpg'))
      .resize(12, 9, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const hash = thumbHashOfPixels({ data, width: 12, height: 9, channels: info.channels });
    const image = thumbHashToRGBA(bytesOf(hash));
    expect(image.w / image.h).toBeCloseTo(12 / 9, 0);
  });
});

describe('placeholderOf', () => {
  it('takes the shared decode, else the smallest output, else the original', async () => {
    const original = await readFile(fixture('Landscape_1.jpg'));
    const smallest = await sharp(original).resize(40).jpeg().toBuffer();
    const pixels = await decoded(fixture('flowers.jpeg'));
    const limit = TEST_PIXEL_LIMIT;
    expect(await placeholderOf(pixels, smallest, original, limit)).toBe(thumbHashOfPixels(pixels));
    const fromSmallest = await placeholderOf(undefined, smallest, original, limit);
    expect(fromSmallest).toBe(await thumbHashOf(smallest, limit));
    const fromOriginal = await placeholderOf(undefined, undefined, original, limit);
    expect(fromOriginal).toBe(await thumbHashOf(original, limit));
    expect(fromOriginal).not.toBe(fromSmallest);
  });
});
