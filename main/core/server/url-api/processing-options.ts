/**
 * imgproxy's processing options, by their names and short forms, parsed strictly: an unknown
 * option or a malformed value is refused with the reason rather than ignored, so a typo in a
 * URL shows at once instead of as a silently different image. A field left undefined was not
 * in the URL and falls back to the preset (or the defaults).
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import type { RawOption } from './url-path.js';
import { badRequest } from './url-api-error.js';

const RESIZING_TYPES = ['fit', 'fill', 'fill-down', 'force', 'auto'] as const;
export type ResizingType = (typeof RESIZING_TYPES)[number];

/** imgproxy's compass gravities and what sharp calls them. */
const COMPASS_GRAVITIES = {
  ce: 'centre',
  no: 'north',
  so: 'south',
  ea: 'east',
  we: 'west',
  noea: 'northeast',
  nowe: 'northwest',
  soea: 'southeast',
  sowe: 'southwest',
} as const;
type CompassCode = keyof typeof COMPASS_GRAVITIES;

type Gravity =
  | { type: 'compass'; position: (typeof COMPASS_GRAVITIES)[CompassCode] }
  | { type: 'smart' }
  | { type: 'focal'; x: number; y: number };

export interface ProcessingOptions {
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
  preset?: string;
  stripMetadata?: boolean;
  autoRotate?: boolean;
  /** The options that were given, by canonical name (for `--only-presets`). */
  given: Set<string>;
}

export interface OptionLimits {
  /** Largest width or height a URL may ask for, in pixels. */
  maxSize: number;
}

const MAX_DPR = 8;
// sharp accepts blur sigmas from 0.3 and sharpen sigmas up to 10; a larger blur only costs time.
const MIN_BLUR = 0.3;
const MAX_BLUR = 100;
const MAX_SHARPEN = 10;

const FORMATS: Record<string, EncodedFormat | 'auto'> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  auto: 'auto',
};

/**
 * An output format as a URL spells it (an option value or the extension), `auto` included.
 * @example parseFormat('jpg') === 'jpeg'
 */
export function parseFormat(value: string): EncodedFormat | 'auto' {
  const format = Object.hasOwn(FORMATS, value.toLowerCase())
    ? FORMATS[value.toLowerCase()]
    : undefined;
  if (!format) {
    throw badRequest(`output format "${value}" is not supported (jpg, png, webp, avif, gif)`);
  }
  return format;
}

const INTEGER = /^\d{1,9}$/;
const DECIMAL = /^(\d{1,9}(\.\d*)?|\.\d+)$/;

function integer(value: string, what: string, max: number): number {
  if (!INTEGER.test(value)) throw badRequest(`${what} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n > max) throw badRequest(`${what} ${n} is beyond the maximum of ${max}`);
  return n;
}

function decimal(value: string, what: string, max: number): number {
  if (!DECIMAL.test(value)) throw badRequest(`${what} must be a number, not "${value}"`);
  const n = Number(value);
  if (n > max) throw badRequest(`${what} ${n} is beyond the maximum of ${max}`);
  return n;
}

/** Go's strconv.ParseBool spellings, which imgproxy accepts. */
function bool(value: string, what: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw badRequest(`${what} must be 1/t/true or 0/f/false, not "${value}"`);
}

function arity(name: string, args: string[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw badRequest(`${name} takes ${expected} argument(s), not ${args.length}`);
  }
}

function gravity(args: string[], what: string, allowSpecial: boolean): Gravity {
  const [code = '', ...rest] = args;
  if (code === 'fp' && allowSpecial) {
    arity(`${what}:fp`, rest, 2, 2);
    return {
      type: 'focal',
      x: decimal(rest[0]!, 'focal x', 1),
      y: decimal(rest[1]!, 'focal y', 1),
    };
  }
  if (rest.some((offset) => offset !== '' && Number(offset) !== 0)) {
    throw badRequest(`${what} offsets are not supported`);
  }
  arity(what, args, 1, 3);
  if (code === 'sm' && allowSpecial) return { type: 'smart' };
  if (code in COMPASS_GRAVITIES) {
    return { type: 'compass', position: COMPASS_GRAVITIES[code as CompassCode] };
  }
  const known = Object.keys(COMPASS_GRAVITIES).join(', ') + (allowSpecial ? ', sm, fp:x:y' : '');
  throw badRequest(`${what} "${code}" is not one of ${known}`);
}

function colour(args: string[]): string | undefined {
  if (args.length === 1 && args[0] === '') return undefined;
  if (args.length === 3) {
    const channels = args.map((c) => integer(c, 'a background channel', 255));
    return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  const hex = args.length === 1 ? args[0]!.toLowerCase() : '';
  if (/^[0-9a-f]{6}$/.test(hex)) return `#${hex}`;
  if (/^[0-9a-f]{3}$/.test(hex)) return `#${[...hex].map((c) => c + c).join('')}`;
  throw badRequest(`background must be R:G:B or a hex colour, not "${args.join(':')}"`);
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
  preset: (args, into) => {
    if (args.length !== 1 || !args[0]) {
      throw badRequest('preset takes exactly one preset name');
    }
    into.preset = args[0];
  },
  cachebuster: (args) => {
    arity('cachebuster', args, 1, 1);
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
  for (const { name, args } of raw) {
    const canonical = ALIASES[name] ?? name;
    const apply = Object.hasOwn(APPLY, canonical) ? APPLY[canonical] : undefined;
    if (!apply) throw badRequest(`unknown or unsupported processing option "${name}"`);
    apply(args, options, limits);
    options.given.add(canonical);
  }
  if (options.autoRotate === false) {
    throw badRequest('auto_rotate:false is not supported: images are always turned upright');
  }
  return options;
}
