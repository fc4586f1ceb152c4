/**
 * Several derivatives of one original from a single decode. A preset set usually asks for a few
 * widths of the same picture, and decoding the original is most of a render's cost (all of it
 * for AVIF, PNG or WebP, which have no shrink-on-load), so the original is decoded once, at the
 * largest scale any of the derivatives needs, into raw sRGB pixels, and each derivative is
 * resized and encoded from those.
 *
 * A derivative made this way can differ in its bytes (never its dimensions) from a lone render
 * of the same spec, since it is resampled twice; its key names what it shows, not its bytes.
 */
import sharp from 'sharp';
import { renderFailed } from './image-error.js';
import type { RawPixels } from './placeholder.js';
import { hasFreeBox, type RenderSpec } from './render-spec.js';
import {
  finishRender,
  openChecked,
  render,
  type OpenedInput,
  type RenderInput,
  type RenderOptions,
  type Rendered,
} from './render.js';

/**
 * Raw pixels held per worker are bounded: above this, each derivative decodes on its own and
 * libvips streams it instead (6 MP is 18 MB of RGB).
 */
const SHARED_PIXEL_CAP = 6_000_000;

type Frame = { width: number; height: number };

interface Decoded extends RawPixels {
  data: Buffer;
}

/** Whether a spec can be made from decoded pixels: stills that keep no EXIF, XMP or ICC. */
function canShare(spec: RenderSpec): boolean {
  return !spec.animated && spec.metadata !== 'keep';
}

/**
 * The scale a spec resizes the original by, before any crop; above 1 only when it enlarges.
 * @example scaleNeeded({ width: 320, height: undefined, fit: 'inside', … }, { width: 640, height: 480 }) === 0.5
 */
function scaleNeeded(spec: RenderSpec, frame: Frame): number {
  const sx = spec.width === undefined ? undefined : spec.width / frame.width;
  const sy = spec.height === undefined ? undefined : spec.height / frame.height;
  if (sx === undefined || sy === undefined) return sx ?? sy ?? 1;
  return spec.fit === 'inside' || spec.fit === 'contain' ? Math.min(sx, sy) : Math.max(sx, sy);
}

/**
 * The size a lone render gives a spec whose box is not fixed (one side given, or `inside` and
 * `outside`), as sharp computes it from the original; undefined for fixed boxes, which come out
 * at the box's size anyway. Resizing the decoded pixels to exactly this keeps a derivative's
 * dimensions independent of how it was made.
 * @example freeSize({ width: 320, height: undefined, fit: 'inside', … }, { width: 640, height: 481 }) // { width: 320, height: 241 }
 */
function freeSize(spec: RenderSpec, frame: Frame): Frame | undefined {
  if (!hasFreeBox(spec)) return undefined;
  const scale = scaleNeeded(spec, frame);
  if (scale >= 1 && !spec.enlarge) return frame;
  return {
    width: Math.max(1, Math.round(frame.width * scale)),
    height: Math.max(1, Math.round(frame.height * scale)),
  };
}

async function decode(opened: OpenedInput, scale: number): Promise<Decoded | undefined> {
  const { width, height } = opened.frame;
  // Rounded as freeSize rounds, so the derivative that needs the most pixels is made from
  // exactly its own size with no second resample; every other one needs fewer (a fixed box's
  // whole sides fit inside the scaled frame, whose rounding cannot go below them).
  const size = { width: Math.round(width * scale), height: Math.round(height * scale) };
  if (size.width * size.height > SHARED_PIXEL_CAP) return undefined;
  const pipeline = scale < 1 ? opened.pipeline.resize({ ...size, fit: 'fill' }) : opened.pipeline;
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function fromDecoded(decoded: Decoded, options: RenderOptions): OpenedInput {
  const { data, ...raw } = decoded;
  let pipeline = sharp(data, { raw });
  if (options.timeoutSeconds) pipeline = pipeline.timeout({ seconds: options.timeoutSeconds });
  return { pipeline, frame: { width: decoded.width, height: decoded.height } };
}

export interface OriginalRenderer {
  render(spec: RenderSpec): Promise<Rendered>;
  /** Whether some derivatives are made from one shared decode. */
  readonly sharedDecode: boolean;
  /**
   * The shared decode's pixels (the whole picture, auto-oriented, sRGB, at the largest scale
   * any derivative needs), for a placeholder made without decoding again; undefined when
   * there is no shared decode.
   */
  readonly pixels?: RawPixels;
}

/**
 * A renderer for derivatives of one original: specs among `specs` that can share a decode are
 * made from one, the others (and every spec when the original cannot be decoded, so that each
 * gets its own error) render alone.
 * @example const renderer = await rendererFor(input, specs, { pixelLimit: 100e6 });
 * const { data } = await renderer.render(specs[0]);
 */
export async function rendererFor(
  input: RenderInput,
  specs: readonly RenderSpec[],
  options: RenderOptions,
): Promise<OriginalRenderer> {
  const alone = { render: (spec: RenderSpec) => render(input, spec, options), sharedDecode: false };
  const shared = specs.filter(canShare);
  if (shared.length < 2) return alone;
  let decoded: Decoded | undefined;
  let original: Frame;
  try {
    const opened = await openChecked(input, 1, options);
    original = opened.frame;
    const scale = Math.min(1, Math.max(...shared.map((spec) => scaleNeeded(spec, original))));
    decoded = await decode(opened, scale);
  } catch {
    return alone; // each derivative then fails with its own words
  }
  if (!decoded) return alone;
  const pixels = decoded;
  const fromPixels = async (spec: RenderSpec) => {
    const size = freeSize(spec, original);
    const exact = size ? { ...spec, ...size, fit: 'fill' as const } : spec;
    try {
      return await finishRender(fromDecoded(pixels, options), exact, input);
    } catch (error) {
      // The pixels were decoded already: what failed is the render, not the image.
      throw renderFailed(error, input.format);
    }
  };
  return {
    render: (spec) => (canShare(spec) ? fromPixels(spec) : alone.render(spec)),
    sharedDecode: true,
    pixels,
  };
}
