/**
 * imgproxy's processing options, by their names and short forms, parsed strictly: an unknown
 * option or a malformed value is refused with the reason rather than ignored, so a typo in a
 * URL shows at once instead of as a silently different image. A field left undefined was not
 * in the URL and falls back to the preset (or the defaults).
 */
import { channelsColour, hexColour } from '../../../../shared/colour.js';
import type { EncodedFormat } from '../../../../shared/preset.js';
import type { ResizingType } from '../../imaging/imgproxy-geometry.js';
import type { WatermarkOptions } from '../../imaging/watermark.js';
import type { RawOption } from './url-path.js';
import { badRequest } from './url-api-error.js';
import { arity, bool, decimal, integer } from './option-values.js';
import { gravity, type Gravity } from './gravity-option.js';
import { GEOMETRY_ALIASES, GEOMETRY_OPTIONS, type GeometryOptions } from './geometry-options.js';
import { HANDLING_ALIASES, HANDLING_OPTIONS, type HandlingOptions } from './handling-options.js';
import { OUTPUT_ALIASES, OUTPUT_OPTIONS, type OutputOptions } from './output-options.js';
import { FILTER_ALIASES, FILTER_OPTIONS, type FilterOptions } from './filter-options.js';
import { parseFormat } from './format-option.js';
import { WATERMARK_ALIASES, WATERMARK_OPTIONS } from './watermark-option.js';

export { parseFormat };

const RESIZING_TYPES: readonly ResizingType[] = ['fit', 'fill', 'fill-down', 'force', 'auto'];
export type { ResizingType };

export interface ProcessingOptions
  extends GeometryOptions, HandlingOptions, OutputOptions, FilterOptions {
  resizingType?: ResizingType;
  /** 0 means "from the other side's ratio", as in imgproxy. */
  width?: number;
  height?: number;
  dpr?: number;
  enlarge?: boolean;
  extend?: boolean;
  extendGravity?: Gravity;
  gravity?: Gravity;
  /** 0 means the encoder's default. */
  quality?: number;
  format?: EncodedFormat | 'auto';
  /** `#rrggbb`, or undefined to keep the preset's. */
  background?: string;
  blur?: number;
  sharpen?: number;
  /** The URL's version: the original's content version makes it immutable (cache-policy.ts). */
  cachebuster?: string;
  /** The library preset (`pr:` naming no configured URL preset). */
  preset?: string;
  /** The configured URL presets applied, in order (imgproxy's UsedPresets). */
  usedPresets?: string[];
  stripMetadata?: boolean;
  autoRotate?: boolean;
  watermark?: WatermarkOptions;
  /** The options that were given, by canonical name (for `--only-presets`). */
  given: Set<string>;
}

export interface OptionLimits {
  /** Largest width or height a URL may ask for, in pixels. */
  maxSize: number;
  /**
   * imgproxy's IMGPROXY_PRESETS: named option lists that `preset:` applies in place (`default`
   * first of all). A name not here is a library preset.
   */
  presets?: ReadonlyMap<string, readonly RawOption[]>;
  /** The max_result_dimension of a URL that sets none (IMGPROXY_MAX_RESULT_DIMENSION). */
  maxResultDimension?: number | undefined;
}

const MAX_DPR = 8;
// sharp accepts blur sigmas from 0.3 and sharpen sigmas up to 10; a larger blur only costs time.
const MIN_BLUR = 0.3;
const MAX_BLUR = 100;
const MAX_SHARPEN = 10;

/** imgproxy's `bg:R:G:B` (each 0 to 255) or `bg:rrggbb` (or `rgb`), read by shared/colour.ts. */
function colour(args: string[]): string | undefined {
  if (args.length === 1 && args[0] === '') return undefined;
  // Stryker disable next-line StringLiteral: hex is read only when there is exactly one argument, so the default never is
  const [hex = ''] = args;
  const parsed =
    args.length === 3
      ? channelsColour(args)
      : args.length === 1 && (hex.length === 3 || hex.length === 6)
        ? hexColour(hex)
        : undefined;
  if (parsed) return parsed;
  throw badRequest(
    `background must be R:G:B or a hex colour (channels 0 to 255; rgb or rrggbb), not "${args.join(':').slice(0, 40)}"`,
  );
}

type Apply = (args: string[], into: ProcessingOptions, limits: OptionLimits) => void;

const dimension =
  (field: 'width' | 'height'): Apply =>
  (args, into, limits) => {
    arity(field, args, 1, 1);
    into[field] = integer(args[0]!, field, limits.maxSize);
  };

const extend: Apply = (args, into) => {
  arity('extend', args, 1, 4);
  into.extend = bool(args[0]!, 'extend');
  if (args.length > 1 && args[1] !== '') {
    into.extendGravity = gravity(args.slice(1), 'extend gravity', false);
  }
};

/** Width, height, enlarge and extend, each skipped when left empty (as imgproxy does). */
const size: Apply = (args, into, limits) => {
  arity('size', args, 1, 7);
  const [width, height, enlarge] = args;
  if (width) APPLY.width!([width], into, limits);
  if (height) APPLY.height!([height], into, limits);
  if (enlarge) into.enlarge = bool(enlarge, 'enlarge');
  if (args.length > 3 && args[3] !== '') extend(args.slice(3), into, limits);
};

const resizingType: Apply = (args, into) => {
  arity('resizing_type', args, 1, 1);
  const type = args[0] as ResizingType;
  if (!RESIZING_TYPES.includes(type)) {
    throw badRequest(`resizing type "${args[0]}" is not one of ${RESIZING_TYPES.join(', ')}`);
  }
  into.resizingType = type;
};

const APPLY: Record<string, Apply> = {
  ...GEOMETRY_OPTIONS,
  ...HANDLING_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...FILTER_OPTIONS,
  ...WATERMARK_OPTIONS,
  resize: (args, into, limits) => {
    arity('resize', args, 1, 8);
    if (args[0]) resizingType([args[0]], into, limits);
    if (args.length > 1) size(args.slice(1), into, limits);
  },
  size,
  resizing_type: resizingType,
  width: dimension('width'),
  height: dimension('height'),
  dpr: (args, into) => {
    arity('dpr', args, 1, 1);
    const dpr = decimal(args[0]!, 'dpr', MAX_DPR);
    if (dpr <= 0) throw badRequest('dpr must be above 0');
    into.dpr = dpr;
  },
  enlarge: (args, into) => {
    arity('enlarge', args, 1, 1);
    into.enlarge = bool(args[0]!, 'enlarge');
  },
  extend,
  gravity: (args, into) => {
    into.gravity = gravity(args, 'gravity', true);
  },
  quality: (args, into) => {
    arity('quality', args, 1, 1);
    into.quality = integer(args[0]!, 'quality', 100);
  },
  format: (args, into) => {
    arity('format', args, 1, 1);
    into.format = parseFormat(args[0]!);
  },
  background: (args, into) => {
    into.background = colour(args);
  },
  blur: (args, into) => {
    arity('blur', args, 1, 1);
    const sigma = decimal(args[0]!, 'blur', MAX_BLUR);
    into.blur = sigma === 0 ? undefined : Math.max(MIN_BLUR, sigma);
  },
  sharpen: (args, into) => {
    arity('sharpen', args, 1, 1);
    into.sharpen = decimal(args[0]!, 'sharpen', MAX_SHARPEN);
  },
  preset: (args, into, limits) => {
    if (args.some((name) => !name)) throw badRequest('preset takes one or more preset names');
    for (const name of args) {
      const defined = limits.presets?.get(name);
      if (defined) {
        expandPreset(name, defined, into, limits);
      } else if (into.preset !== undefined && into.preset !== name) {
        throw badRequest(`one library preset per URL, not "${into.preset}" and "${name}"`);
      } else {
        into.preset = name;
      }
    }
  },
  cachebuster: (args, into) => {
    arity('cachebuster', args, 1, 1);
    into.cachebuster = args[0];
  },
  strip_metadata: (args, into) => {
    arity('strip_metadata', args, 1, 1);
    into.stripMetadata = bool(args[0]!, 'strip_metadata');
  },
  auto_rotate: (args, into) => {
    arity('auto_rotate', args, 1, 1);
    into.autoRotate = bool(args[0]!, 'auto_rotate');
  },
};

const ALIASES: Record<string, string> = {
  ...GEOMETRY_ALIASES,
  ...HANDLING_ALIASES,
  ...OUTPUT_ALIASES,
  ...FILTER_ALIASES,
  ...WATERMARK_ALIASES,
  rs: 'resize',
  s: 'size',
  rt: 'resizing_type',
  w: 'width',
  h: 'height',
  el: 'enlarge',
  ex: 'extend',
  g: 'gravity',
  q: 'quality',
  f: 'format',
  ext: 'format',
  bg: 'background',
  bl: 'blur',
  sh: 'sharpen',
  pr: 'preset',
  cb: 'cachebuster',
  sm: 'strip_metadata',
  ar: 'auto_rotate',
};

/**
 * Parses the option segments of a URL, later ones overriding earlier ones as in imgproxy.
 * @example parseProcessingOptions([{ name: 'rs', args: ['fill', '300', '200'] }], { maxSize: 8192 })
 */
export function parseProcessingOptions(
  raw: readonly RawOption[],
  limits: OptionLimits,
): ProcessingOptions {
  const options: ProcessingOptions = { given: new Set() };
  // The server's setting, not the URL's: left out of `given`, so --only-presets allows it.
  if (limits.maxResultDimension) options.maxResultDimension = limits.maxResultDimension;
  const defaults = limits.presets?.get('default');
  if (defaults) expandPreset('default', defaults, options, limits);
  applyOptions(raw, options, limits);
  return options;
}

function applyOptions(raw: readonly RawOption[], into: ProcessingOptions, limits: OptionLimits) {
  for (const { name, args } of raw) {
    const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name]! : name;
    const apply = Object.hasOwn(APPLY, canonical) ? APPLY[canonical] : undefined;
    if (!apply) throw badRequest(`unknown or unsupported processing option "${name}"`);
    apply(args, into, limits);
    into.given.add(canonical);
  }
}

/** Applies a configured preset once: a preset naming itself again (a loop) is skipped, as imgproxy does. */
function expandPreset(
  name: string,
  options: readonly RawOption[],
  into: ProcessingOptions,
  limits: OptionLimits,
): void {
  if (into.usedPresets?.includes(name)) return;
  into.usedPresets = [...(into.usedPresets ?? []), name];
  applyOptions(options, into, limits);
}
