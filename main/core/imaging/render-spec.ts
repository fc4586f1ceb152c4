/**
 * A render spec is everything that decides a derivative's bytes, fully resolved: the box in
 * pixels (density applied, capped by the source), the encoder and its settings. `render` reads
 * only the spec, and the derivative key hashes the spec, so a field that changes the output can
 * never be left out of the key.
 */
import type { EncodedFormat, Fit, OutputFormat, Position, Preset } from '../../../shared/preset.js';
import { GRAVITIES, qualityFor } from '../../../shared/preset.js';
import type { SniffedFormat } from './sniff.js';
import type { ExactGeometry } from './exact-geometry.js';
import type { PixelPlan } from './pixel-plan.js';
import type { WatermarkSpec } from './watermark.js';

/** What a spec needs to know of its original. */
export interface SourceFacts {
  format: SniffedFormat;
  /** After EXIF orientation. */
  width: number;
  height: number;
  pages: number;
  hasAlpha: boolean;
  /** Fractions of width and height, 0 to 1; undefined means the centre. */
  focal?: { x: number; y: number } | undefined;
}

export interface RenderSpec {
  format: EncodedFormat;
  width: number | undefined;
  height: number | undefined;
  fit: Fit;
  /** A gravity or strategy, or `focal:x,y` with the point resolved. */
  position: string;
  /** Inside/outside only: whether sharp may upscale; boxes are capped in the spec itself. */
  enlarge: boolean;
  quality: number | undefined;
  background: string;
  metadata: Preset['metadata'];
  sharpen: boolean;
  /** The sharpen sigma when not the default 0.5 (the URL API's `sharpen:%sigma`). */
  sharpenSigma?: number | undefined;
  animated: boolean;
  /**
   * Only an animation's first this many frames (the URL API's IMGPROXY_MAX_ANIMATION_FRAMES);
   * left out when every frame is kept.
   */
  frames?: number | undefined;
  blur?: number | undefined;
  /**
   * Every size and offset decided in advance (the URL API's imgproxy geometry); when set, it
   * replaces width, height, fit, position and enlarge in the render.
   */
  geometry?: ExactGeometry | undefined;
  /**
   * The URL API's geometry when it depends on pixels (trim, a smart crop): planned in the render
   * (pixel-plan.ts), in place of `geometry`; width and height are then unknown here.
   */
  pixelPlan?: PixelPlan | undefined;
  /** Pixelation blocks, in result pixels, made before the pad (needs `geometry` or `pixelPlan`). */
  pixelate?: number | undefined;
  /**
   * The configured watermark over the result (needs `geometry` or `pixelPlan`); its image comes
   * with the render's options, and only its hash is here (and so in the key).
   */
  watermark?: WatermarkSpec | undefined;
  /** Lower a lossy format's quality until the answer fits this many bytes (imgproxy's max_bytes). */
  maxBytes?: number | undefined;
  /** Keep the source's ICC profile (converted back to it) rather than answer in bare sRGB. */
  keepIccProfile?: boolean | undefined;
}

/**
 * Whether a spec's output size follows the original's (a side left free, or `inside` and
 * `outside`) rather than filling a fixed box: such an output shows the whole picture, with no
 * crop, pad or stretch.
 * @example hasFreeBox({ width: 320, height: undefined, fit: 'cover' }) === true
 */
export function hasFreeBox(spec: Pick<RenderSpec, 'width' | 'height' | 'fit'>): boolean {
  return (
    spec.width === undefined ||
    spec.height === undefined ||
    spec.fit === 'inside' ||
    spec.fit === 'outside'
  );
}

const ANIMATABLE: ReadonlySet<EncodedFormat> = new Set(['webp', 'gif']);
const WEB_FORMATS: ReadonlySet<SniffedFormat> = new Set(['jpeg', 'png', 'webp', 'gif', 'avif']);

/**
 * The encoder that `original` means for a source: web formats stay as they are, others become
 * PNG when they have alpha and JPEG when they do not.
 * @example resolveFormat('original', { format: 'tiff', hasAlpha: false }) === 'jpeg'
 */
export function resolveFormat(
  format: OutputFormat,
  source: Pick<SourceFacts, 'format' | 'hasAlpha'>,
): EncodedFormat {
  if (format !== 'original') return format;
  if (WEB_FORMATS.has(source.format)) return source.format as EncodedFormat;
  return source.hasAlpha ? 'png' : 'jpeg';
}

/**
 * The output box for a fit, with density applied and, unless enlarging, shrunk (keeping its
 * aspect ratio) until the source can fill it, so a 2x variant is "twice the size, capped by the
 * source" rather than an upscale.
 */
export function planBox(
  source: Pick<SourceFacts, 'width' | 'height'>,
  request: { width?: number | undefined; height?: number | undefined; fit: Fit; enlarge: boolean },
  density: number,
): { width: number | undefined; height: number | undefined } {
  const width = request.width === undefined ? undefined : Math.round(request.width * density);
  const height = request.height === undefined ? undefined : Math.round(request.height * density);
  const boxed = width !== undefined && height !== undefined;
  if (!boxed || request.enlarge || request.fit === 'inside' || request.fit === 'outside') {
    return { width, height };
  }
  const ratios = [source.width / width, source.height / height];
  // contain shows the whole image: it only needs the larger of the two ratios to reach 1.
  const factor = Math.min(1, request.fit === 'contain' ? Math.max(...ratios) : Math.min(...ratios));
  return {
    width: Math.max(1, Math.round(width * factor)),
    height: Math.max(1, Math.round(height * factor)),
  };
}

function resolvePosition(
  position: Position,
  fit: Fit,
  animated: boolean,
  source: SourceFacts,
): string {
  const isGravity = (GRAVITIES as readonly string[]).includes(position);
  // Contain pads, so only gravities apply; libvips cannot run a crop strategy over the frames of
  // an animation, so those fall back to the centre too.
  if (!isGravity && (fit === 'contain' || (animated && position !== 'focal'))) return 'centre';
  if (position !== 'focal') return position;
  const x = source.focal?.x ?? 0.5;
  const y = source.focal?.y ?? 0.5;
  return `focal:${x.toFixed(4)},${y.toFixed(4)}`;
}

/**
 * The spec for one derivative of one original.
 * @example renderSpecFor(preset, facts, 'webp', 2)
 */
export function renderSpecFor(
  preset: Preset,
  source: SourceFacts,
  format: OutputFormat,
  density: number,
): RenderSpec {
  const encoded = resolveFormat(format, source);
  const box = planBox(source, preset, density);
  const animated = preset.animation === 'keep' && source.pages > 1 && ANIMATABLE.has(encoded);
  // Position matters only where the image is cropped or padded inside a fixed box.
  const positioned =
    box.width !== undefined &&
    box.height !== undefined &&
    ['cover', 'contain'].includes(preset.fit);
  return {
    format: encoded,
    width: box.width,
    height: box.height,
    fit: preset.fit,
    position: positioned
      ? resolvePosition(preset.position, preset.fit, animated, source)
      : 'centre',
    enlarge: preset.enlarge,
    quality: qualityFor(preset, encoded),
    background: preset.background.toLowerCase(),
    metadata: preset.metadata,
    sharpen: preset.sharpen,
    animated,
  };
}
