/**
 * imgproxy's geometry options beyond the size: trim, extend_aspect_ratio, crop, padding, rotate,
 * flip, zoom, min-width/min-height and max_result_dimension, each bounded so that no URL can
 * ask for an unbounded result.
 */
import { hexColour } from '../../../../shared/colour.js';
import type { TrimOptions } from '../../imaging/pixel-plan.js';
import { gravity, type Gravity } from './gravity-option.js';
import { arity, bool, decimal, integer, signedInteger } from './option-values.js';
import { badRequest } from './url-api-error.js';

export interface GeometryOptions {
  trim?: TrimOptions;
  /** Extend to the requested aspect ratio, placed by the gravity (default centre). */
  extendAspectRatio?: boolean;
  extendAspectRatioGravity?: Gravity;
  /** imgproxy's crop before scaling: pixels from 1, a fraction below 1, 0 for the whole side. */
  crop?: { width: number; height: number; gravity?: Gravity | undefined };
  padding?: { top: number; right: number; bottom: number; left: number };
  rotate?: 0 | 90 | 180 | 270;
  flip?: { horizontal: boolean; vertical: boolean };
  zoom?: { x: number; y: number };
  minWidth?: number;
  minHeight?: number;
  maxResultDimension?: number;
}

type Apply = (args: string[], into: GeometryOptions, limits: { maxSize: number }) => void;

// Zoom multiplies the result; past this a URL only asks for a bigger refusal.
const MAX_ZOOM = 8;

function cropSide(value: string, what: string, maxSize: number): number {
  return value === '' ? 0 : decimal(value, what, maxSize);
}

// A threshold past the channels' range trims nothing more.
const MAX_TRIM_THRESHOLD = 255;

/** The options, by imgproxy's long names. */
export const GEOMETRY_OPTIONS: Record<string, Apply> = {
  trim: (args, into) => {
    arity('trim', args, 1, 4);
    // As imgproxy: the threshold is what turns trim on, so an empty one turns it off.
    if (args[0] === '') {
      delete into.trim;
      return;
    }
    const colour = args[1] ? hexColour(args[1]) : undefined;
    if (args[1] && (!colour || ![3, 6].includes(args[1].length))) {
      throw badRequest(`trim colour must be 3 or 6 hex digits, not "${args[1].slice(0, 20)}"`);
    }
    into.trim = {
      threshold: decimal(args[0]!, 'trim threshold', MAX_TRIM_THRESHOLD),
      colour,
      equalHor: args[2] ? bool(args[2], 'trim equal_hor') : (into.trim?.equalHor ?? false),
      equalVer: args[3] ? bool(args[3], 'trim equal_ver') : (into.trim?.equalVer ?? false),
    };
  },
  extend_aspect_ratio: (args, into) => {
    arity('extend_aspect_ratio', args, 1, 4);
    into.extendAspectRatio = bool(args[0]!, 'extend_aspect_ratio');
    if (args.length > 1 && args[1] !== '') {
      into.extendAspectRatioGravity = gravity(args.slice(1), 'extend_aspect_ratio gravity', false);
    }
  },
  crop: (args, into, limits) => {
    arity('crop', args, 1, 5);
    into.crop = {
      width: cropSide(args[0]!, 'crop width', limits.maxSize),
      height: cropSide(args[1] ?? '', 'crop height', limits.maxSize),
      gravity: args.length > 2 ? gravity(args.slice(2), 'crop gravity', true) : undefined,
    };
  },
  padding: (args, into, limits) => {
    arity('padding', args, 1, 4);
    const side = (i: number, fallback: number) =>
      args[i] ? integer(args[i]!, 'padding', limits.maxSize) : fallback;
    // CSS order and copying: top, right (top), bottom (top), left (right).
    const top = side(0, 0);
    const right = side(1, top);
    into.padding = { top, right, bottom: side(2, top), left: side(3, right) };
  },
  rotate: (args, into) => {
    arity('rotate', args, 1, 1);
    const angle = signedInteger(args[0]!, 'rotate', 3600);
    if (angle % 90 !== 0) throw badRequest('rotate takes a multiple of 90');
    into.rotate = (((angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  },
  flip: (args, into) => {
    arity('flip', args, 1, 2);
    const current = into.flip ?? { horizontal: false, vertical: false };
    into.flip = {
      horizontal: args[0] ? bool(args[0], 'flip horizontal') : current.horizontal,
      vertical: args[1] ? bool(args[1], 'flip vertical') : current.vertical,
    };
  },
  zoom: (args, into) => {
    arity('zoom', args, 1, 2);
    const factor = (value: string) => {
      const n = decimal(value, 'zoom', MAX_ZOOM);
      if (n <= 0) throw badRequest('zoom must be above 0');
      return n;
    };
    const x = factor(args[0]!);
    into.zoom = { x, y: args[1] === undefined ? x : factor(args[1]) };
  },
  'min-width': (args, into, limits) => {
    arity('min-width', args, 1, 1);
    into.minWidth = integer(args[0]!, 'min-width', limits.maxSize);
  },
  'min-height': (args, into, limits) => {
    arity('min-height', args, 1, 1);
    into.minHeight = integer(args[0]!, 'min-height', limits.maxSize);
  },
  max_result_dimension: (args, into, limits) => {
    arity('max_result_dimension', args, 1, 1);
    into.maxResultDimension = integer(args[0]!, 'max_result_dimension', limits.maxSize);
  },
};

/** imgproxy's short forms of the options above. */
export const GEOMETRY_ALIASES: Record<string, string> = {
  t: 'trim',
  extend_ar: 'extend_aspect_ratio',
  exar: 'extend_aspect_ratio',
  c: 'crop',
  pd: 'padding',
  rot: 'rotate',
  fl: 'flip',
  z: 'zoom',
  mw: 'min-width',
  mh: 'min-height',
  mrd: 'max_result_dimension',
};
