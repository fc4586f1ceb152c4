import { readFile } from 'node:fs/promises';
import sharp, { type SharpOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { channelMeans, fixture, meanDifference } from '../test-support/fixtures.js';
import { renderBytes, renderFixture, TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { ImageError, RenderFailure } from './image-error.js';
import { render } from './render.js';
import { RenderTimeoutError } from './render-process.js';
import type { RenderSpec } from './render-spec.js';

const ORIENTATIONS = [1, 2, 3, 4, 5, 6, 7, 8];
/** Same picture, different encoder noise: well under this. A wrong rotation: far above it. */
const SAME_PICTURE = 8;
const WRONG_PICTURE = 20;

describe('render: orientation', () => {
  for (const [shape, width, height] of [
    ['Landscape', 600, 450],
    ['Portrait', 450, 600],
  ] as const) {
    it(`shows every EXIF orientation of ${shape} upright at ${width} × ${height}`, async () => {
      const box = { width: 800, height: 800, formats: ['jpeg' as const] };
      const upright = await renderFixture(`${shape}_1.jpg`, box);
      expect([upright.width, upright.height]).toEqual([width, height]);
      for (const n of ORIENTATIONS) {
        const out = await renderFixture(`${shape}_${n}.jpg`, box);
        const meta = await sharp(out.data).metadata();
        expect([out.width, out.height, meta.width, meta.height], `orientation ${n}`).toEqual([
          width,
          height,
          width,
          height,
        ]);
        expect(await meanDifference(out.data, upright.data), `orientation ${n}`).toBeLessThan(
          SAME_PICTURE,
        );
      }
      // The comparison can tell a wrong rotation or a missed mirror from the upright picture.
      const turned = await sharp(upright.data).rotate(180).toBuffer();
      const mirrored = await sharp(upright.data).flop().toBuffer();
      expect(await meanDifference(turned, upright.data)).toBeGreaterThan(WRONG_PICTURE);
      expect(await meanDifference(mirrored, upright.data)).toBeGreaterThan(WRONG_PICTURE);
    });
  }
});

describe('render: colour', () => {
  const toSrgb8 = async (name: string, format: 'jpeg' | 'png' | 'webp') => {
    const out = await renderFixture(name, { width: 200, formats: [format] }, { format });
    const meta = await sharp(out.data).metadata();
    return { out, meta };
  };

  it('turns CMYK (with and without a profile) into 8-bit sRGB', async () => {
    for (const name of ['cmyk-profile.jpg', 'cmyk-no-profile.jpg']) {
      const { meta } = await toSrgb8(name, 'jpeg');
      expect([meta.space, meta.depth, meta.channels], name).toEqual(['srgb', 'uchar', 3]);
    }
    // Both files hold the same picture: without its profile it still looks like itself (a
    // generic CMYK profile), not like a negative, as a naive CMYK conversion can.
    const profiled = await toSrgb8('cmyk-profile.jpg', 'jpeg');
    const bare = await toSrgb8('cmyk-no-profile.jpg', 'jpeg');
    expect(await meanDifference(profiled.out.data, bare.out.data)).toBeLessThan(20);
    const negative = await sharp(bare.out.data).negate().toBuffer();
    expect(await meanDifference(profiled.out.data, negative)).toBeGreaterThan(40);
  });

  it('turns a 16-bit Display P3 TIFF into 8-bit sRGB, converting its pixels', async () => {
    // The TIFF holds Landscape_1.jpg at 320 px wide as 16-bit P3 numbers (made-fixtures.ts).
    const { out, meta } = await toSrgb8('rgb16-wide-gamut.tiff', 'png');
    expect([meta.space, meta.depth, meta.icc]).toEqual(['srgb', 'uchar', undefined]);
    const pixels = async (input: Buffer, options?: SharpOptions) =>
      sharp(input, options).resize(200).removeAlpha().raw().toBuffer();
    /** Mean absolute difference per colour sample (0–255), unlike meanDifference's grey. */
    const colourDifference = (a: Buffer, b: Buffer) =>
      a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
    const source = await sharp(fixture('Landscape_1.jpg')).resize(320).png().toBuffer();
    const expected = await pixels(source);
    expect(colourDifference(await pixels(out.data), expected)).toBeLessThan(0.6);
    // Read as if its numbers were sRGB, the TIFF's colours are off: the measure can tell.
    const tiff = await readFile(fixture('rgb16-wide-gamut.tiff'));
    const naive = await pixels(tiff, { ignoreIcc: true });
    expect(colourDifference(naive, expected)).toBeGreaterThan(1);
  });

  it('converts P3 pixels to sRGB rather than relabelling them', async () => {
    const { out, meta } = await toSrgb8('p3.png', 'png');
    expect([meta.space, meta.depth]).toEqual(['srgb', 'uchar']);
    // The file stores P3 red as (241, 0, 0); in sRGB it is the most saturated red there is.
    const stored = await sharp(await readFile(fixture('p3.png')), { ignoreIcc: true })
      .raw()
      .toBuffer();
    expect(stored[0]).toBeLessThan(245);
    const [r, g, b] = await channelMeans(out.data);
    expect(r).toBeGreaterThan(252);
    expect(g! + b!).toBeLessThan(6);
  });

  it('converts a mid-tone P3 colour to the sRGB colour it means', async () => {
    const srgb = Buffer.from([200, 100, 50]);
    const p3 = await sharp(Buffer.concat(Array(64).fill(srgb)), {
      raw: { width: 8, height: 8, channels: 3 },
    })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const farthest = (means: number[]) => Math.max(...srgb.map((v, i) => Math.abs(v - means[i]!)));
    // Stored as P3 numbers, which are not the sRGB numbers...
    const stored = await sharp(p3, { ignoreIcc: true }).png().toBuffer();
    expect(farthest(await channelMeans(stored))).toBeGreaterThan(8);
    // ...and rendered back to them.
    const out = await renderBytes(p3, { width: 8, formats: ['png'] }, { format: 'png' });
    expect(farthest(await channelMeans(out.data))).toBeLessThan(3);
  });
});

describe('render: alpha', () => {
  it('flattens transparency onto the background for JPEG', async () => {
    const out = await renderFixture('full-transparent.png', {
      width: 100,
      formats: ['jpeg'],
      background: '#ff0000',
    });
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.hasAlpha]).toEqual(['jpeg', false]);
    const [r, g, b] = await channelMeans(out.data);
    expect(r).toBeGreaterThan(250);
    expect(g! + b!).toBeLessThan(10);
  });

  it('flattens and pads a grey image in the background colour, not in grey', async () => {
    // 16-bit grey with alpha, mostly transparent: red must show through and around it.
    const out = await renderFixture('grey16-alpha-icc.png', {
      width: 300,
      height: 200,
      fit: 'contain',
      formats: ['jpeg'],
      background: '#ff0000',
    });
    const [r, g, b] = await channelMeans(out.data);
    expect(r).toBeGreaterThan(240);
    expect(g! + b!).toBeLessThan(10);
  });

  it('keeps transparency where the format has it', async () => {
    const out = await renderFixture('full-transparent.png', { width: 100 }, { format: 'png' });
    const meta = await sharp(out.data).metadata();
    expect(meta.hasAlpha).toBe(true);
    expect((await channelMeans(out.data))[3]).toBe(0);
  });
});

describe('render: sizes', () => {
  // Landscape_1.jpg is 600 × 450.
  const size = async (preset: Parameters<typeof renderFixture>[1], density = 1) => {
    const out = await renderFixture('Landscape_1.jpg', preset, { density });
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height]).toEqual([out.width, out.height]);
    return [out.width, out.height];
  };

  it.each([
    ['cover', 200, 200, [200, 200]],
    ['contain', 200, 200, [200, 200]],
    ['fill', 200, 200, [200, 200]],
    ['inside', 200, 200, [200, 150]],
    ['outside', 200, 200, [267, 200]],
    ['cover', 300, 100, [300, 100]],
    ['contain', 300, 100, [300, 100]],
    ['fill', 300, 100, [300, 100]],
    ['inside', 300, 100, [133, 100]],
    ['outside', 300, 100, [300, 225]],
  ] as const)('fit %s into %i × %i gives %j', async (fit, width, height, expected) => {
    expect(await size({ width, height, fit })).toEqual(expected);
  });

  it('pads contain with the background and crops cover', async () => {
    const preset = { width: 200, height: 200, background: '#ff0000' } as const;
    const contain = await renderFixture('Landscape_1.jpg', { ...preset, fit: 'contain' });
    const cover = await renderFixture('Landscape_1.jpg', { ...preset, fit: 'cover' });
    const topRow = (data: Buffer) =>
      sharp(data).extract({ left: 0, top: 0, width: 200, height: 10 }).toBuffer();
    const [r, g, b] = await channelMeans(await topRow(contain.data));
    expect([r! > 240, g! < 15, b! < 15]).toEqual([true, true, true]);
    expect((await channelMeans(await topRow(cover.data)))[0]).toBeLessThan(240);
  });

  it('never upscales unless enlarge is set', async () => {
    expect(await size({ width: 1200, height: 1200, fit: 'inside' })).toEqual([600, 450]);
    expect(await size({ width: 1200, fit: 'inside' })).toEqual([600, 450]);
    expect(await size({ width: 1200, height: 1200, fit: 'outside' })).toEqual([600, 450]);
    // Fixed boxes shrink, keeping their shape, until the source can fill them.
    expect(await size({ width: 1200, height: 1200, fit: 'cover' })).toEqual([450, 450]);
    expect(await size({ width: 1200, height: 1200, fit: 'fill' })).toEqual([450, 450]);
    expect(await size({ width: 1200, height: 1200, fit: 'contain' })).toEqual([600, 600]);
    expect(await size({ width: 1200, height: 1200, fit: 'inside', enlarge: true })).toEqual([
      1200, 900,
    ]);
    expect(await size({ width: 1200, height: 1200, fit: 'cover', enlarge: true })).toEqual([
      1200, 1200,
    ]);
  });

  it('makes density 2 twice the size, capped by the source', async () => {
    expect(await size({ width: 200 }, 2)).toEqual([400, 300]);
    expect(await size({ width: 400 }, 2)).toEqual([600, 450]);
    expect(await size({ width: 200, height: 200, fit: 'cover' }, 2)).toEqual([400, 400]);
    expect(await size({ width: 300, height: 300, fit: 'cover' }, 2)).toEqual([450, 450]);
  });
});

describe('render: animation', () => {
  it('keeps an animated GIF animated as WebP, or takes its first frame', async () => {
    for (const name of ['animated-loop-3.gif', 'rotating-squares.gif']) {
      const source = await sharp(await readFile(fixture(name))).metadata();
      const kept = await renderFixture(name, { width: 60 }, { format: 'webp' });
      const keptMeta = await sharp(kept.data, { animated: true }).metadata();
      // libwebp merges identical consecutive frames, adding up their delays: the animation
      // lasts as long as the source's, in as many frames or fewer.
      const duration = (delays: number[] | undefined) => (delays ?? []).reduce((a, b) => a + b, 0);
      expect(keptMeta.pages, name).toBeGreaterThan(1);
      expect(keptMeta.pages).toBeLessThanOrEqual(source.pages!);
      expect(duration(keptMeta.delay)).toBe(duration(source.delay));
      expect([kept.width, keptMeta.pageHeight]).toEqual([60, kept.height]);
      expect(keptMeta.height).toBe(kept.height * keptMeta.pages!);

      const first = await renderFixture(
        name,
        { width: 60, animation: 'first-frame' },
        { format: 'webp' },
      );
      const firstMeta = await sharp(first.data).metadata();
      expect(firstMeta.pages ?? 1).toBe(1);
      expect(firstMeta.height).toBe(kept.height);
    }
  });
});

describe('render: focal point', () => {
  it('crops every frame of an animation around the point', async () => {
    const name = 'animated-loop-3.gif';
    const focal = { x: 0.9, y: 0.5 };
    const out = await renderFixture(
      name,
      { width: 60, height: 30, fit: 'cover', position: 'focal' },
      { format: 'gif', focal },
    );
    const meta = await sharp(out.data, { animated: true }).metadata();
    expect([meta.pages, meta.pageHeight, out.width, out.height]).toEqual([10, 30, 60, 30]);
    // 370 × 285 scaled to cover 60 × 30 is 60 × 46; centred on y = 0.5, the crop starts at 8.
    for (const page of [0, 5, 9]) {
      const expected = await sharp(fixture(name), { page })
        .resize(60, 46, { fit: 'fill' })
        .extract({ left: 0, top: 8, width: 60, height: 30 })
        .png()
        .toBuffer();
      const actual = await sharp(out.data, { page }).png().toBuffer();
      expect(await meanDifference(actual, expected), `page ${page}`).toBeLessThan(SAME_PICTURE);
    }
  });

  /** A 400 × 100 horizontal ramp: a pixel's grey value tells its x in the source. */
  const ramp = () => {
    const row = Buffer.from(Array.from({ length: 400 }, (_, x) => Math.round((x * 255) / 399)));
    return sharp(Buffer.concat(Array(100).fill(row)), {
      raw: { width: 400, height: 100, channels: 1 },
    })
      .png()
      .toBuffer();
  };
  const greyOfCrop = async (x: number) => {
    const out = await renderBytes(
      await ramp(),
      { width: 100, height: 100, fit: 'cover', position: 'focal', formats: ['png'] },
      { format: 'png', focal: { x, y: 0.5 } },
    );
    expect([out.width, out.height]).toEqual([100, 100]);
    return (await channelMeans(out.data))[0]!;
  };

  it('crops around the point', async () => {
    // A crop 100 px wide centred at x = 300 has a mean grey of 300 / 399 × 255.
    expect(await greyOfCrop(0.75)).toBeCloseTo((300 * 255) / 399, -1);
    expect(await greyOfCrop(0.5)).toBeCloseTo((200 * 255) / 399, -1);
    // Near an edge the crop stays inside the image: x from 0 to 100.
    expect(await greyOfCrop(0.02)).toBeCloseTo((50 * 255) / 399, -1);
  });
});

describe('render: encoding and metadata', () => {
  it('writes progressive JPEG', async () => {
    const out = await renderFixture('Landscape_1.jpg', { width: 200 });
    expect((await sharp(out.data).metadata()).isProgressive).toBe(true);
  });

  it('applies per-format quality', async () => {
    const at = async (q: number) =>
      (await renderFixture('flowers.jpeg', { width: 400, quality: { jpeg: q, webp: 5 } })).data
        .length;
    expect(await at(30)).toBeLessThan((await at(95)) * 0.6);
  });

  it('strips metadata by default and keeps it when asked', async () => {
    const withExif = await sharp(await readFile(fixture('Landscape_1.jpg')))
      .withExif({ IFD0: { Copyright: 'Jane Doe', Artist: 'J. D.', Make: 'Camera Co' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();

    const stripped = await renderBytes(withExif, { width: 100 });
    const strippedMeta = await sharp(stripped.data).metadata();
    expect(strippedMeta.exif).toBeUndefined();

    const kept = await renderBytes(withExif, { width: 100, metadata: 'keep' });
    const keptExif = (await sharp(kept.data).metadata()).exif?.toString('latin1') ?? '';
    expect(keptExif).toContain('Camera Co');
    expect(keptExif).toContain('Jane Doe');

    // Kept EXIF must not rotate the already upright pixels a second time in a viewer.
    const rotated = await renderFixture('Landscape_6.jpg', { width: 300, metadata: 'keep' });
    const rotatedMeta = await sharp(rotated.data).metadata();
    expect([rotatedMeta.orientation, rotatedMeta.width, rotatedMeta.height]).toEqual([1, 300, 225]);

    const copyright = await renderBytes(withExif, { width: 100, metadata: 'copyright' });
    const copyrightExif = (await sharp(copyright.data).metadata()).exif?.toString('latin1') ?? '';
    expect(copyrightExif).toContain('Jane Doe');
    expect(copyrightExif).toContain('J. D.');
    expect(copyrightExif).not.toContain('Camera Co');
  });
});

describe('render: whose fault a failure is', () => {
  const geometryOutside = (spec: RenderSpec): RenderSpec => ({
    ...spec,
    // A region past the image's edge: a planner bug, never the image's doing.
    geometry: {
      turn: { flop: false, rotate: 0 },
      region: { left: 0, top: 0, width: 5000, height: 5000 },
      resize: { width: 50, height: 50 },
    },
  });

  it('a sound image whose render fails is a RenderFailure (internal), not an ImageError', async () => {
    const bytes = await readFile(fixture('Landscape_1.jpg'));
    const { spec } = await renderBytes(bytes, { width: 100 });
    const failure = await render({ bytes, format: 'jpeg' }, geometryOutside(spec), {
      pixelLimit: TEST_PIXEL_LIMIT,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RenderFailure);
    expect(failure).not.toBeInstanceOf(ImageError);
    expect((failure as RenderFailure).code).toBe('internal');
    expect((failure as Error).message).toMatch(/^rendering a sound JPEG failed: /);
  });

  it('an image whose pixels end early is an ImageError (unprocessable), whatever the spec', async () => {
    const whole = await readFile(fixture('Landscape_1.jpg'));
    // The header is intact, so the failure shows only once pixels are decoded.
    const bytes = whole.subarray(0, Math.floor(whole.length / 2));
    const { spec } = await renderBytes(whole, { width: 100 });
    for (const asked of [spec, geometryOutside(spec)]) {
      const failure = await render({ bytes, format: 'jpeg' }, asked, {
        pixelLimit: TEST_PIXEL_LIMIT,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImageError);
      expect((failure as ImageError).code).toBe('unprocessable');
      expect((failure as Error).message).toMatch(/truncated JPEG/);
    }
  });

  it('a render stopped by libvips at its timeout is a RenderTimeoutError, typed where it happens', async () => {
    const bytes = await readFile(fixture('Landscape_1.jpg'));
    const { spec } = await renderBytes(bytes, { width: 100 });
    // An 8192-wide enlargement blurred with sigma 100: seconds of work, stopped at one, in this
    // process (no render process to kill), so only libvips' own switch can stop it.
    const slow = { ...spec, width: 8192, height: undefined, enlarge: true, blur: 100 };
    const failure = await render({ bytes, format: 'jpeg' }, slow, {
      pixelLimit: TEST_PIXEL_LIMIT,
      timeoutSeconds: 1,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RenderTimeoutError);
    expect((failure as RenderTimeoutError).code).toBe('render-timeout');
    expect((failure as RenderTimeoutError).seconds).toBe(1);
  }, 60_000);
});
