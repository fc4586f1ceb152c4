/**
 * Renders test images through the real pipeline: probe, render spec from a preset, render.
 */
import { readFile } from 'node:fs/promises';
import type { OutputFormat, PresetInput } from '../../../shared/preset.js';
import { parsePreset } from '../../../shared/preset-schema.js';
import { probeImage } from '../imaging/probe.js';
import { render, type Rendered } from '../imaging/render.js';
import { renderSpecFor, type RenderSpec } from '../imaging/render-spec.js';
import { fixture } from './fixtures.js';

export const TEST_PIXEL_LIMIT = 100e6;

export interface RenderRequest {
  format?: OutputFormat;
  density?: number;
  focal?: { x: number; y: number };
}

/**
 * The spec and output of one preset (name optional) applied to image bytes.
 * @example const { data } = await renderBytes(png, { width: 100, formats: ['jpeg'] });
 */
export async function renderBytes(
  bytes: Buffer,
  preset: Omit<PresetInput, 'name'>,
  request: RenderRequest = {},
): Promise<Rendered & { spec: RenderSpec }> {
  const info = await probeImage(bytes, { pixelLimit: TEST_PIXEL_LIMIT });
  const spec = renderSpecFor(
    parsePreset({ name: 'test', ...preset }),
    { ...info, focal: request.focal },
    request.format ?? 'jpeg',
    request.density ?? 1,
  );
  const rendered = await render({ bytes, format: info.format }, spec, {
    pixelLimit: TEST_PIXEL_LIMIT,
  });
  return { ...rendered, spec };
}

/**
 * `renderBytes` on a fixture image.
 * @example const { width } = await renderFixture('Landscape_6.jpg', { width: 600, height: 600 });
 */
export async function renderFixture(
  name: string,
  preset: Omit<PresetInput, 'name'>,
  request: RenderRequest = {},
): Promise<Rendered & { spec: RenderSpec }> {
  return renderBytes(await readFile(fixture(name)), preset, request);
}
