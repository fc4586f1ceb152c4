/**
 * Inputs for tests of renders that must be stopped: noise compresses badly, so an AVIF of it at
 * 2048² takes a minute to encode, after pixels made in a blink (where libvips' own time limit
 * would answer first). Past any test's limit, so only a killed process ends it on time.
 */
import sharp from 'sharp';
import { parsePreset } from '../../../shared/preset-schema.js';
import { probeImage } from '../imaging/probe.js';
import { renderSpecFor, type RenderSpec } from '../imaging/render-spec.js';
import { TEST_PIXEL_LIMIT } from './render.js';

/**
 * An uncompressed PNG of `size`² gaussian noise.
 * @example const bytes = await noisePng(512);
 */
export async function noisePng(size: number): Promise<Buffer> {
  const create = { width: size, height: size, channels: 3 as const, background: 'black' };
  return sharp({ create: { ...create, noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/**
 * The spec of `bytes` at `width` (enlarged) in `format`.
 * @example const slow = await specOf(await noisePng(512), 2048, 'avif', 100);
 */
export async function specOf(
  bytes: Buffer,
  width: number,
  format: 'avif' | 'webp',
  quality?: number,
): Promise<RenderSpec> {
  const facts = await probeImage(bytes, { pixelLimit: TEST_PIXEL_LIMIT });
  const preset = parsePreset({ name: 't', width, formats: [format], enlarge: true, quality });
  return renderSpecFor(preset, facts, format, 1);
}

/**
 * A preview of noisePng(512) that only a killed process ends in time: AVIF at quality 100,
 * 1024 wide at density 2 (2048²), pixels in a blink (where libvips' own limit would answer),
 * then a minute of encoding. The preset as a client sends it.
 * @example await renderPreview(row, await noisePng(512), parsePreset(SLOW_AVIF_PREVIEW.preset), SLOW_AVIF_PREVIEW.density, limits, renders);
 */
export const SLOW_AVIF_PREVIEW = {
  preset: { name: 'avif', width: 1024, enlarge: true, quality: 100, formats: ['avif' as const] },
  density: 2,
};
