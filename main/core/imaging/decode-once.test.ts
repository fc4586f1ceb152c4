import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { OutputFormat, PresetInput } from '../../../shared/preset.js';
import { parsePreset } from '../../../shared/preset-schema.js';
import { fixture, meanDifference } from '../test-support/fixtures.js';
import { TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { rendererFor } from './decode-once.js';
import { RenderFailure } from './image-error.js';
import { probeImage } from './probe.js';
import { render } from './render.js';
import { renderSpecFor, type RenderSpec } from './render-spec.js';

const LIMITS = { pixelLimit: TEST_PIXEL_LIMIT };
/**
 * Resampled twice instead of once, and a crop strategy may pick a slightly other window: still
 * the same picture by render.test.ts's measure, far under the 20 a wrong rotation scores.
 */
const SAME_PICTURE = 8;

type Recipe = Omit<PresetInput, 'name'> & { format?: OutputFormat };

const RECIPES: Recipe[] = [
  { width: 320 },
  { width: 1024 },
  { height: 200, format: 'webp' },
  { width: 300, height: 300, fit: 'inside', format: 'png' },
  { width: 300, height: 300, fit: 'outside' },
  { width: 200, height: 200, fit: 'cover', position: 'attention' },
  { width: 200, height: 150, fit: 'cover', position: 'focal' },
  { width: 300, height: 200, fit: 'contain', background: '#ff0000' },
  { width: 100, height: 300, fit: 'fill', format: 'webp' },
  { width: 1200, enlarge: true },
  { width: 240, sharpen: true, metadata: 'copyright' },
];

const FIXTURES = [
  'photo-2725x2225.jpg',
  'Landscape_6.jpg',
  'Portrait_7.jpg',
  'cmyk-profile.jpg',
  'cmyk-no-profile.jpg',
  'p3.png',
  'grey16-alpha-icc.png',
  'tbgn2c16.png',
  'alpha-premultiply-2048x1536-paper.png',
  'still.webp',
  'yuv444.avif',
  'rgb16-wide-gamut.tiff',
  'check.svg',
];

async function specsOf(bytes: Buffer, recipes: Recipe[]) {
  const info = await probeImage(bytes, LIMITS);
  const specs = recipes.map(({ format, ...preset }) =>
    renderSpecFor(
      parsePreset({ name: 'test', ...preset }),
      { ...info, focal: { x: 0.3, y: 0.6 } },
      format ?? 'jpeg',
      1,
    ),
  );
  return { input: { bytes, format: info.format }, specs };
}

describe('decode once: several derivatives of one original', () => {
  for (const name of FIXTURES) {
    it(`${name}: every fit comes out at a lone render's size, showing the same picture`, async () => {
      const { input, specs } = await specsOf(await readFile(fixture(name)), RECIPES);
      const renderer = await rendererFor(input, specs, LIMITS);
      expect(renderer.sharedDecode).toBe(true);
      for (const [i, spec] of specs.entries()) {
        const shared = await renderer.render(spec);
        const alone = await render(input, spec, LIMITS);
        const label = `${name} ${JSON.stringify(RECIPES[i])}`;
        expect([shared.width, shared.height], label).toEqual([alone.width, alone.height]);
        const meta = await sharp(shared.data).metadata();
        expect([meta.format, meta.width, meta.space], label).toEqual([
          spec.format,
          alone.width,
          'srgb',
        ]);
        expect(await meanDifference(shared.data, alone.data), label).toBeLessThan(SAME_PICTURE);
      }
    });
  }

  it('renders alone what needs the original itself: animation and kept metadata', async () => {
    const gif = await specsOf(await readFile(fixture('animated-loop-3.gif')), [
      { width: 100, formats: ['webp'], animation: 'keep', format: 'webp' },
      { width: 50, formats: ['webp'], animation: 'keep', format: 'webp' },
    ]);
    expect(gif.specs.every((spec) => spec.animated)).toBe(true);
    const animated = await rendererFor(gif.input, gif.specs, LIMITS);
    expect(animated.sharedDecode).toBe(false);
    const out = await sharp((await animated.render(gif.specs[1]!)).data).metadata();
    expect(out.pages).toBe(10); // every frame of the GIF

    const photo = await specsOf(await readFile(fixture('Landscape_1.jpg')), [
      { width: 100, metadata: 'keep' },
      { width: 50, metadata: 'keep' },
    ]);
    expect((await rendererFor(photo.input, photo.specs, LIMITS)).sharedDecode).toBe(false);
  });

  it('decodes separately when the shared pixels would be large, or there is one derivative', async () => {
    const big = await sharp({
      create: { width: 3200, height: 2400, channels: 3, background: '#808080' },
    })
      .jpeg()
      .toBuffer();
    const full = await specsOf(big, [{ width: 3200 }, { width: 200 }]);
    expect((await rendererFor(full.input, full.specs, LIMITS)).sharedDecode).toBe(false);
    const small = await specsOf(big, [{ width: 800 }, { width: 200 }]);
    expect((await rendererFor(small.input, small.specs, LIMITS)).sharedDecode).toBe(true);
    const one = await specsOf(big, [{ width: 800 }]);
    expect((await rendererFor(one.input, one.specs, LIMITS)).sharedDecode).toBe(false);
  });

  it('offers its pixels (the whole picture, oriented) for the placeholder, only when shared', async () => {
    // Portrait_7 is stored sideways (EXIF orientation 7): the pixels are upright.
    const bytes = await readFile(fixture('Portrait_7.jpg'));
    const upright = (await sharp(bytes).metadata()).autoOrient;
    expect(upright.height).toBeGreaterThan(upright.width);
    const shared = await specsOf(bytes, [
      { width: 320 },
      { width: 200, height: 200, fit: 'cover' },
    ]);
    const { pixels } = await rendererFor(shared.input, shared.specs, LIMITS);
    expect(pixels).toBeDefined();
    expect([pixels!.width, pixels!.height]).toEqual([
      320,
      Math.round((320 * upright.height) / upright.width),
    ]);
    expect(pixels!.data.length).toBe(pixels!.width * pixels!.height * pixels!.channels);
    const one = await specsOf(bytes, [{ width: 320 }]);
    expect((await rendererFor(one.input, one.specs, LIMITS)).pixels).toBeUndefined();
  });

  it('gives each derivative of a broken original the reason a lone render gives', async () => {
    const bytes = await readFile(fixture('truncated.jpg'));
    const specs: RenderSpec[] = (
      await specsOf(await readFile(fixture('Landscape_1.jpg')), [{ width: 100 }, { width: 50 }])
    ).specs;
    const input = { bytes, format: 'jpeg' as const };
    const renderer = await rendererFor(input, specs, LIMITS);
    expect(renderer.sharedDecode).toBe(false);
    const alone = await render(input, specs[0]!, LIMITS).catch((error: Error) => error.message);
    await expect(renderer.render(specs[0]!)).rejects.toThrow(alone as string);
    expect(alone).toMatch(/truncated JPEG/);
  });

  it('answers a failed render from the shared pixels as a RenderFailure: they decoded', async () => {
    const { input, specs } = await specsOf(await readFile(fixture('Landscape_1.jpg')), [
      { width: 100 },
      { width: 50 },
    ]);
    const renderer = await rendererFor(input, specs, LIMITS);
    expect(renderer.sharedDecode).toBe(true);
    const outside: RenderSpec = {
      ...specs[0]!,
      geometry: {
        turn: { flop: false, rotate: 0 },
        region: { left: 0, top: 0, width: 9000, height: 9000 },
        resize: { width: 10, height: 10 },
      },
    };
    const failure = await renderer.render(outside).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RenderFailure);
    expect(failure).toMatchObject({ code: 'internal' });
  });
});
