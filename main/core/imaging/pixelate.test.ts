import sharp, { type Color } from 'sharp';
import { describe, expect, it } from 'vitest';
import { pixelate } from './pixelate.js';

const create = (background: Color, noise = false) =>
  sharp({
    create: {
      width: 37,
      height: 23,
      channels: 4,
      background,
      ...(noise ? { noise: { type: 'gaussian' as const, mean: 128, sigma: 60 } } : {}),
    },
  });

describe('pixelate', () => {
  it('keeps the colour of half-transparent pixels (no second premultiply)', async () => {
    const out = await (
      await pixelate(create({ r: 200, g: 100, b: 50, alpha: 0.5 }), 8)
    )
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([out.info.width, out.info.height]).toEqual([37, 23]);
    const first = [...out.data.subarray(0, 4)];
    expect(first[0]).toBeCloseTo(200, -1);
    expect(first[1]).toBeCloseTo(100, -1);
    expect(first[2]).toBeCloseTo(50, -1);
    expect(first[3]).toBeCloseTo(128, -1);
  });

  it('makes blocks from the top-left corner, the last ones cut short, of one colour each', async () => {
    const noise = await create({ r: 0, g: 0, b: 0, alpha: 1 }, true).png().toBuffer();
    const { data, info } = await (
      await pixelate(sharp(noise), 8)
    )
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data.readUInt32BE((y * info.width + x) * info.channels);
    let mixed = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if (at(x, y) !== at(x - (x % 8), y - (y % 8))) mixed++;
      }
    }
    expect(mixed).toBe(0);
    expect(at(0, 0)).not.toBe(at(8, 0));
  });
});
