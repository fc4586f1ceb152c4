/**
 * From a URL's processing options to a render spec. The options are laid over a preset (the
 * `pr:` one, or imgproxy's defaults) and the result goes through the engine's own
 * `renderSpecFor`, so a URL that asks for exactly what a preset slot holds gets the same spec,
 * the same key and the same cached file.
 */
import {
  presetDefaults,
  type EncodedFormat,
  type Fit,
  type Position,
  type Preset,
} from '../../../../shared/preset.js';
import {
  renderSpecFor,
  resolveFormat,
  type RenderSpec,
  type SourceFacts,
} from '../../imaging/render-spec.js';
import { negotiateFormat } from './accept.js';
import { geometryRequest } from './geometry-request.js';
import { pendingSmartCrop, planGeometry } from './imgproxy-geometry.js';
import { parseFormat, type ProcessingOptions, type ResizingType } from './processing-options.js';
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
}

export interface RequestSpec {
  spec: RenderSpec;
  /** Whether the format came from the Accept header (the response then varies on it). */
  negotiated: boolean;
}

// Options that only choose among a preset's own variants, which `--only-presets` allows.
const PRESET_CHOICES = new Set(['preset', 'cachebuster', 'format', 'dpr']);

function fitFor(
  type: ResizingType,
  source: SourceFacts,
  box: { width: number | undefined; height: number | undefined },
): Fit {
  switch (type) {
    case 'fit':
      return 'inside';
    case 'fill':
    case 'fill-down':
      return 'cover';
    case 'force':
      return 'fill';
    case 'auto': {
      // imgproxy: fill when source and result have the same orientation, fit otherwise.
      if (box.width === undefined || box.height === undefined) return 'inside';
      const sourceLandscape = source.width > source.height;
      return sourceLandscape === box.width > box.height ? 'cover' : 'inside';
    }
  }
}

/** The preset the options describe, and whether the result is padded to the exact box. */
function recipeFor(
  base: Preset,
  options: ProcessingOptions,
  source: SourceFacts,
): { preset: Preset; source: SourceFacts; extendTo?: { width: number; height: number } } {
  const pick = (given: number | undefined, fallback: number | undefined) =>
    given === undefined ? fallback : given || undefined;
  const width = pick(options.width, base.width);
  const height = pick(options.height, base.height);
  let fit = options.resizingType
    ? fitFor(options.resizingType, source, { width, height })
    : base.fit;
  const enlarge = options.resizingType === 'fill-down' ? false : (options.enlarge ?? base.enlarge);
  let position: Position = base.position;
  let focal = source.focal;
  const gravity = options.gravity;
  if (gravity?.type === 'compass') position = gravity.position;
  if (gravity?.type === 'smart') {
    // Stryker disable next-line StringLiteral: read only for an animation (a still gets imgproxy's geometry), where renderSpecFor puts every crop strategy, "" too, at the centre
    position = 'attention';
  }
  if (gravity?.type === 'focal') {
    position = 'focal';
    focal = { x: gravity.x, y: gravity.y };
  }
  // extend pads a fitted image out to the box: sharp's contain, which never upscales it.
  const extendTo =
    options.extend && fit === 'inside' && width !== undefined && height !== undefined
      ? { width, height }
      : undefined;
  if (extendTo) {
    fit = 'contain';
    if (options.extendGravity?.type === 'compass') position = options.extendGravity.position;
  }
  const sharpen = options.sharpen === undefined ? base.sharpen : options.sharpen > 0;
  const preset: Preset = {
    ...base,
    width,
    height,
    fit,
    position,
    enlarge,
    quality: options.quality === undefined ? base.quality : options.quality || undefined,
    background: options.background ?? base.background,
    metadata: metadataFor(base.metadata, options),
    sharpen,
  };
  return { preset, source: { ...source, focal }, ...(extendTo ? { extendTo } : {}) };
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

/**
 * The render spec a request asks for, with its format chosen from the URL or the Accept header.
 * Throws a 4xx UrlApiError for a size beyond the maximum or, with `onlyPresets`, anything but a
 * preset's own variants.
 * @example const { spec, negotiated } = requestSpec({ options, extension: 'webp', preset, facts, ... });
 */
export function requestSpec(input: RequestSpecInput): RequestSpec {
  const { options, facts } = input;
  const explicit = input.extension ? parseFormat(input.extension) : options.format;
  const enforce = input.negotiate.enforce ?? { avif: false, webp: false };
  // imgproxy: enforcing a format lets Accept prefer it too.
  const prefer = {
    avif: input.negotiate.avif || enforce.avif,
    webp: input.negotiate.webp || enforce.webp,
  };
  const candidates = candidateFormats(input.preset, facts, prefer);
  const enabled = input.accepted.filter((f) => prefer[f as 'avif' | 'webp']);
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
  const recipe = recipeFor(base, options, facts);
  const spec = renderSpecFor(recipe.preset, recipe.source, format, dpr);
  // A preset asked for as it is renders as the preset does (the same key as generate's file);
  // everything else follows imgproxy's geometry. Animations keep sharp's frame-wise resize.
  const barePreset = input.preset && [...options.given].every((name) => PRESET_CHOICES.has(name));
  if (!barePreset && !spec.animated) {
    const request = geometryRequest(base, options, facts, input.orientation);
    const exact = { fit: 'fill', position: 'centre', enlarge: false } as const;
    if (options.trim || pendingSmartCrop(facts, request)) {
      // Planned in the render, once the pixels were seen (imgproxy trims before it plans).
      const pixelPlan = { request, trim: options.trim, maxSize: input.maxSize };
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
  } else if (recipe.extendTo) {
    spec.width = Math.round(recipe.extendTo.width * dpr);
    spec.height = Math.round(recipe.extendTo.height * dpr);
  }
  // imgproxy: quality, else format_quality for the answer's format, else the default.
  const formatQuality = options.formatQuality?.[spec.format];
  if (!options.quality && formatQuality) spec.quality = formatQuality;
  if (options.blur !== undefined) spec.blur = options.blur;
  if (options.pixelate && options.pixelate > 1) {
    // libvips cannot make blocks across an animation's frames in one pass.
    if (!spec.geometry && !spec.pixelPlan) {
      throw badRequest('pixelate is not supported on animations');
    }
    spec.pixelate = options.pixelate;
  }
  const watermark = options.watermark;
  const opacity = (watermark?.opacity ?? 0) * (input.watermark?.opacity ?? 0);
  if (watermark && input.watermark && opacity > 0) {
    if (!spec.geometry && !spec.pixelPlan) {
      throw badRequest('watermark is not supported on animations');
    }
    spec.watermark = { ...watermark, opacity, hash: input.watermark.hash, dpr: options.dpr ?? 1 };
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
