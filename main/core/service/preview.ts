/**
 * Live preview: a preset, saved or not, rendered on one original by the same engine that builds
 * derivatives, so what the form shows is what `generate` will write.
 */
import { performance } from 'node:perf_hooks';
import type { PreviewOutput } from '../../../shared/contract/models.js';
import { mimeTypeFor } from '../../../shared/naming.js';
import type { Preset } from '../../../shared/preset.js';
import type { OriginalRow } from '../catalog/originals.js';
import { render } from '../imaging/render.js';
import { renderSpecFor } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';
import { sourceFactsOf } from '../library/plan.js';
import { ServiceError } from './service-error.js';

/**
 * Every format of `preset` at one density, one after the other (libvips already uses every core
 * for one image, and a preview must not starve a running job).
 * @example const { outputs } = await renderPreview(row, bytes, preset, 1, 100_000_000);
 */
export async function renderPreview(
  row: OriginalRow,
  bytes: Buffer,
  preset: Preset,
  density: number,
  pixelLimit: number,
): Promise<{ outputs: PreviewOutput[]; elapsedMs: number }> {
  const facts = sourceFactsOf(row);
  if (!facts) throw new ServiceError('refused', `${row.rel_path} has not been read as an image`);
  const started = performance.now();
  const outputs: PreviewOutput[] = [];
  for (const format of preset.formats) {
    const spec = renderSpecFor(preset, facts, format, density);
    const rendered = await render({ bytes, format: row.format as SniffedFormat }, spec, {
      pixelLimit,
    });
    outputs.push({
      format: spec.format,
      density,
      width: rendered.width,
      height: rendered.height,
      bytes: rendered.data.length,
      dataUri: `data:${mimeTypeFor(spec.format)};base64,${rendered.data.toString('base64')}`,
    });
  }
  return { outputs, elapsedMs: performance.now() - started };
}
