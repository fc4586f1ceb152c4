/**
 * From a URL's processing options to a render spec. The options are laid over a preset (the
 * `pr:` one, or imgproxy's defaults) and the result goes through the engine's own
 * `renderSpecFor`, so a URL that asks for exactly what a preset slot holds gets the same spec,
 * the same key and the same cached file.
 */
import { presetDefaults, type EncodedFormat, type Preset } from '../../../../shared/preset.js';
import {
  renderSpecFor,
  resolveFormat,
  type RenderSpec,
  type SourceFacts,
} from '../../imaging/render-spec.js';
import { negotiateFormat } from './accept.js';
import { geometryRequest } from './geometry-request.js';
import { pendingSmartCrop, planGeometry } from '../../imaging/imgproxy-geometry.js';
import { parseFormat, type ProcessingOptions } from './processing-options.js';
import { badRequest, UrlApiError } from './url-api-error.js';

/**
 * imgproxy's defaults, as a preset: fit inside, centre, no enlarging, metadata stripped but
 * copyright kept (IMGPROXY_STRIP_METADATA and IMGPROXY_KEEP_COPYRIGHT default to true).
 */
const URL_DEFAULTS: Preset = { ...presetDefaults('url'), metadata: 'copyright' };

export interface RequestSpecInput {
  options: ProcessingOptions;
  /** The URL's extension, if it had one. */
  extension: string | undefined;
  /** The `pr:` preset, already looked up. */
  preset: Preset | undefined;
  facts: SourceFacts;
  /** The original's EXIF orientation, which `auto_rotate:0` leaves as stored. */
  orientation?: number | undefined;
  /** The formats the client's Accept header names (`acceptedFormats`). */
  accepted: readonly EncodedFormat[];
  maxSize: number;
  onlyPresets: boolean;
  /**
   * Which formats the Accept header may choose (imgproxy's IMGPROXY_AUTO_AVIF/AUTO_WEBP), and
   * which it may choose even over a format the URL names (IMGPROXY_ENFORCE_AVIF/ENFORCE_WEBP).
   */
  negotiate: { avif: boolean; webp: boolean; enforce?: { avif: boolean; webp: boolean } };
  /**
   * The configured watermark (its content hash and IMGPROXY_WATERMARK_OPACITY), which
   * `watermark:` lays over the result; none: the option does nothing, as in imgproxy.
   */
  watermark?: { hash: string; opacity: number } | undefined;
  /**
   * imgproxy's IMGPROXY_MAX_ANIMATION_FRAMES: an animation's first this many frames are
   * answered, and with 1 its first frame as a still. Undefined: every frame.
   */
  maxAnimationFrames?: number | undefined;
}

export interface RequestSpec {
  spec: RenderSpec;
  /** Whether the format came from the Accept header (the response then varies on it). */
  negotiated: boolean;
}

// Options that only choose among a preset's own variants, which `--only-presets` allows.
const PRESET_CHOICES = new Set(['preset', 'cachebuster', 'format', 'dpr']);

/**
 * The preset the options lay their encoding over: quality, background, metadata and sharpening.
 * The size is imgproxy's geometry, planned apart (geometry-request.ts), except for a preset
 * asked for as it is, which keeps its own.
 */
function presetFor(base: Preset, options: ProcessingOptions): Preset {
  return {
    ...base,
    quality: options.quality === undefined ? base.quality : options.quality || undefined,
    background: options.background ?? base.background,
    metadata: metadataFor(base.metadata, options),
    sharpen: options.sharpen === undefined ? base.sharpen : options.sharpen > 0,
  };
}

/** strip_metadata and keep_copyright over a preset's metadata mode, as imgproxy combines them. */
function metadataFor(base: Preset['metadata'], options: ProcessingOptions): Preset['metadata'] {
  const strip = options.stripMetadata ?? base !== 'keep';
  const keepCopyright = options.keepCopyright ?? base !== 'strip';
  if (!strip) return 'keep';
  return keepCopyright ? 'copyright' : 'strip';
}

function uniqueFormats(formats: EncodedFormat[]): EncodedFormat[] {
  return [...new Set(formats)];
}

/**
 * The formats a URL without one may be answered in, best first: the preset's, else the
 * source's own (imgproxy's default), after AVIF and WebP when the operator lets Accept choose
 * them.
 */
function candidateFormats(
  preset: Preset | undefined,
  source: SourceFacts,
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: only checkOnlyPresets leaves it out, and always with a preset, which returns before it is read
  negotiate: RequestSpecInput['negotiate'] = { avif: false, webp: false },
): EncodedFormat[] {
  if (preset) return uniqueFormats(preset.formats.map((f) => resolveFormat(f, source)));
  const own = resolveFormat('original', source);
  // Only WebP and GIF keep an animation in our pipeline.
  const offered: EncodedFormat[] = source.pages > 1 ? ['webp'] : ['avif', 'webp'];
  return uniqueFormats([...offered.filter((f) => negotiate[f as 'avif' | 'webp']), own]);
}

/**
 * The format IMGPROXY_ENFORCE_AVIF/_WEBP put over the one a URL names: AVIF before WebP, each
 * only when the client accepts it (AVIF never for an animation, as imgproxy); with a library
 * preset, only among its own formats. `''` when enforcing is on but the client takes neither
 * (the answer still varies with Accept); undefined when enforcing is off.
 */
function enforcedFormat(
  input: RequestSpecInput,
  enforce: { avif: boolean; webp: boolean },
): EncodedFormat | '' | undefined {
  if (!enforce.avif && !enforce.webp) return undefined;
  const allowed = (format: EncodedFormat) =>
    input.accepted.includes(format) &&
    (!input.preset || candidateFormats(input.preset, input.facts).includes(format));
  if (enforce.avif && input.facts.pages <= 1 && allowed('avif')) return 'avif';
  if (enforce.webp && allowed('webp')) return 'webp';
  return '';
}

function checkOnlyPresets(input: RequestSpecInput, format: EncodedFormat, dpr: number): void {
  const { options, preset } = input;
  if (!preset) throw new UrlApiError(403, 'this server only serves presets: add pr:<name>');
  const other = [...options.given].find((name) => !PRESET_CHOICES.has(name));
  if (other) throw new UrlApiError(403, `this server only serves presets: ${other} is refused`);
  if (!candidateFormats(preset, input.facts).includes(format)) {
    throw new UrlApiError(403, `preset "${preset.name}" has no ${format} variant`);
  }
  if (!preset.densities.includes(dpr)) {
    throw new UrlApiError(403, `preset "${preset.name}" has no ${dpr}x variant`);
  }
}

/** A library preset asked for as it is, which renders as the preset does (generate's file). */
function isBarePreset({ preset, options }: RequestSpecInput): boolean {
  return !!preset && [...options.given].every((name) => PRESET_CHOICES.has(name));
}

/**
 * The render spec a request asks for, with its format chosen from the URL or the Accept header.
 * Throws a 4xx UrlApiError for a size beyond the maximum or, with `onlyPresets`, anything but a
 * preset's own variants.
 * @example const { spec, negotiated } = requestSpec({ options, extension: 'webp', preset, facts, ... });
 */
export function requestSpec(input: RequestSpecInput): RequestSpec {
  const max = input.maxAnimationFrames;
  // As imgproxy, an animation cut to one frame is a still in everything (AVIF may answer it);
  // a library preset asked for as it is keeps its own animation mode.
  if (!max || input.facts.pages <= max || isBarePreset(input)) return specFor(input);
  const cut = specFor({ ...input, facts: { ...input.facts, pages: max } });
  if (cut.spec.animated) cut.spec.frames = max;
  return cut;
}

function specFor(input: RequestSpecInput): RequestSpec {
  const { options, facts } = input;
  const explicit = input.extension ? parseFormat(input.extension) : options.format;
  // Stryker disable next-line ObjectLiteral: `{}` reads as both off, the same as this.
  const enforce = input.negotiate.enforce ?? { avif: false, webp: false };
  // imgproxy: enforcing a format lets Accept prefer it too.
  const prefer = {
    avif: input.negotiate.avif || enforce.avif,
    webp: input.negotiate.webp || enforce.webp,
  };
  const candidates = candidateFormats(input.preset, facts, prefer);
  const enabled = input.accepted.filter((f) => prefer[f as 'avif' | 'webp']);
  // Stryker disable next-line ConditionalExpression: undefined !== 'auto' names nothing either.
  const named = explicit !== undefined && explicit !== 'auto' ? explicit : undefined;
  const negotiable = candidates.some((f) => prefer[f as 'avif' | 'webp']);
  const enforced = named && enforcedFormat(input, enforce);
  const negotiated = named ? enforced !== undefined : negotiable;
  const format = named
    ? enforced || named
    : negotiated
      ? negotiateFormat(candidates, enabled)
      : // Nothing here is negotiable, so the first candidate is the preset's or the source's own.
        candidates[0]!;
  const dpr = options.dpr ?? 1;
  if (input.onlyPresets) checkOnlyPresets(input, format, dpr);
  const base = input.preset ?? URL_DEFAULTS;
  const spec = renderSpecFor(presetFor(base, options), facts, format, dpr);
  // A preset asked for as it is renders as the preset does (the same key as generate's file);
  // everything else follows imgproxy's geometry, an animation's planned on one frame and run
  // on each (animation-frames.ts).
  if (!isBarePreset(input)) {
    const request = geometryRequest(base, options, facts, input.orientation);
    const exact = { fit: 'fill', position: 'centre', enlarge: false } as const;
    // imgproxy ignores trim on an animation answered as one.
    const trim = spec.animated ? undefined : options.trim;
    if (trim || pendingSmartCrop(facts, request)) {
      // Planned in the render, once the pixels were seen (imgproxy trims before it plans; a
      // smart crop of an animation is searched in each frame, as imgproxy's).
      // The stored orientation, which the render undoes before it looks (left out when upright).
      const { orientation } = input;
      const stored = (orientation ?? 1) > 1 ? { orientation } : {};
      const pixelPlan = { request, trim, maxSize: input.maxSize, ...stored };
      Object.assign(spec, { ...exact, width: undefined, height: undefined, pixelPlan });
    } else {
      const plan = planGeometry(facts, request);
      Object.assign(spec, {
        ...exact,
        width: plan.width,
        height: plan.height,
        geometry: plan.geometry,
      });
    }
  }
  // imgproxy: quality, else format_quality for the answer's format, else the default.
  const formatQuality = options.formatQuality?.[spec.format];
  if (!options.quality && formatQuality) spec.quality = formatQuality;
  if (options.blur !== undefined) spec.blur = options.blur;
  if (options.pixelate && options.pixelate > 1) spec.pixelate = options.pixelate;
  const { watermark } = options;
  const configured = input.watermark;
  if (watermark && configured) {
    const opacity = watermark.opacity * configured.opacity;
    if (opacity > 0) spec.watermark = { ...watermark, opacity, hash: configured.hash };
  }
  if (options.maxBytes) spec.maxBytes = options.maxBytes;
  if (options.keepColorProfile) spec.keepIccProfile = true;
  if (options.sharpen) spec.sharpenSigma = options.sharpen;
  for (const side of [spec.width, spec.height]) {
    // Stryker disable next-line ConditionalExpression: undefined > maxSize is false as well (the check is for the type)
    if (side !== undefined && side > input.maxSize) {
      throw badRequest(
        `the result would be ${side} pixels wide or high, beyond the maximum of ${input.maxSize}`,
      );
    }
  }
  return { spec, negotiated };
}
