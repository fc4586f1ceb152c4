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
import { RenderBusyError, RenderTimeoutError, type Renderer } from '../imaging/render-process.js';
import { renderSpecFor } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';
import { sourceFactsOf } from '../library/plan.js';
import { URL_API_DEFAULTS } from '../server/url-api/defaults.js';
import { ServiceError } from './service-error.js';

export interface PreviewLimits {
  /** Largest accepted input width × height. */
  pixelLimit: number;
  /** Largest width or height a preview may ask for (density included). */
  maxSize: number;
  /** Seconds one format's render may take. */
  timeoutSeconds: number;
}

/** The URL API's bounds: a preview is a request from a person like any URL. */
export const PREVIEW_LIMITS = {
  maxSize: URL_API_DEFAULTS.maxSize,
  timeoutSeconds: URL_API_DEFAULTS.renderTimeoutSeconds,
} as const;

/**
 * Renders on the caller's thread, where nothing can stop a stuck encode: only for a service that
 * no host gave render processes (tests, tools). `thumbdesk serve` and the desktop app give one
 * (startServiceWorker's `renderer`).
 * @example new ThumbdeskService(library, undefined, SAME_THREAD_RENDERER);
 */
export const SAME_THREAD_RENDERER: Renderer = { render, close: () => undefined };

/** Refuses a spec larger than the cap, before anything is decoded. */
function checkSize(spec: { width?: number; height?: number }, density: number, maxSize: number) {
  const side = Math.max(spec.width ?? 0, spec.height ?? 0);
  if (side > maxSize) {
    throw new ServiceError(
      'invalid-input',
      `a preview at density ${density} asks for ${side} px; at most ${maxSize} px per side`,
    );
  }
}

/**
 * Every format of `preset` at one density, one after the other (libvips already uses every core
 * for one image, and a preview must not starve a running job), within the URL API's size cap
 * and render timeout; `renderer` runs each render (in a process it kills at the timeout, under a
 * host).
 * @example const { outputs } = await renderPreview(row, bytes, preset, 1, { pixelLimit: 100e6, ...PREVIEW_LIMITS }, renderer);
 */
export async function renderPreview(
  row: OriginalRow,
  bytes: Buffer,
  preset: Preset,
  density: number,
  limits: PreviewLimits,
  renderer: Renderer,
): Promise<{ outputs: PreviewOutput[]; elapsedMs: number }> {
  const facts = sourceFactsOf(row);
  if (!facts) throw new ServiceError('refused', `${row.rel_path} has not been read as an image`);
  const specs = preset.formats.map((format) => renderSpecFor(preset, facts, format, density));
  for (const spec of specs) checkSize(spec, density, limits.maxSize);
  const started = performance.now();
  const outputs: PreviewOutput[] = [];
  for (const spec of specs) {
    const input = { bytes, format: row.format as SniffedFormat };
    const rendered = await renderer
      .render(input, spec, {
        pixelLimit: limits.pixelLimit,
        timeoutSeconds: limits.timeoutSeconds,
      })
      .catch((error: unknown) => {
        if (error instanceof RenderBusyError) {
          throw new ServiceError(
            'refused',
            `${error.waiting} previews are being made already; try again once they are shown`,
          );
        }
        // Killed at the limit (an AVIF encode), or stopped by libvips' own switch (pixels).
        if (error instanceof RenderTimeoutError) {
          throw new ServiceError(
            'refused',
            `the ${spec.format} preview took longer than ${limits.timeoutSeconds} s`,
          );
        }
        throw error;
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
