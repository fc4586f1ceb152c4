/**
 * imgproxy's `watermark` (`wm`): opacity, position (a compass gravity or `re` to replicate),
 * offsets and scale of the watermark image the operator configured (`serve --watermark`,
 * IMGPROXY_WATERMARK_PATH / _DATA). Without one configured the option does nothing, as in
 * imgproxy.
 */
import type { WatermarkOptions, WatermarkPosition } from '../../imaging/watermark.js';
import { COMPASS_GRAVITIES } from './gravity-option.js';
import { arity, decimal, signedDecimal } from './option-values.js';
import { badRequest } from './url-api-error.js';

/** sharp's gravity names for imgproxy's watermark positions, and `replicate`. */
const POSITIONS = { ...COMPASS_GRAVITIES, re: 'replicate' } as const satisfies Record<
  string,
  WatermarkPosition
>;

// Offsets move the watermark by at most a result's side.
const MAX_OFFSET = 8192;

/** The options, by imgproxy's long names. */
export const WATERMARK_OPTIONS: Record<
  string,
  (args: string[], into: { watermark?: WatermarkOptions }) => void
> = {
  watermark: (args, into) => {
    // imgproxy takes up to 7 arguments; the last two are imgproxy Pro's.
    arity('watermark', args, 1, 5);
    const current = into.watermark ?? { opacity: 0, position: 'centre', x: 0, y: 0, scale: 0 };
    const position = args[1] ? positionOf(args[1]) : current.position;
    const offset = (value: string | undefined, axis: string, fallback: number) =>
      value ? signedDecimal(value, `watermark ${axis} offset`, MAX_OFFSET) : fallback;
    let scale = current.scale;
    if (args[4]) {
      scale = decimal(args[4], 'watermark scale', 1);
      if (scale === 0) throw badRequest('watermark scale must be above 0');
    }
    into.watermark = {
      opacity: decimal(args[0]!, 'watermark opacity', 1),
      position,
      x: offset(args[2], 'x', current.x),
      y: offset(args[3], 'y', current.y),
      scale,
    };
  },
};

/** imgproxy's short form of the option above. */
export const WATERMARK_ALIASES: Record<string, string> = { wm: 'watermark' };

function positionOf(code: string): WatermarkPosition {
  if (Object.hasOwn(POSITIONS, code)) return POSITIONS[code as keyof typeof POSITIONS];
  throw badRequest(
    `watermark position "${code.slice(0, 20)}" is not one of ${Object.keys(POSITIONS).join(', ')}`,
  );
}

/** The watermark image the operator configured, as the URL API holds it. */
export interface ConfiguredWatermark {
  /** The image's bytes (bounded when loaded: watermark-source.ts). */
  bytes: Uint8Array;
  /** Its content hash, part of every key it is in: a changed image makes new results. */
  hash: string;
  /** IMGPROXY_WATERMARK_OPACITY (0 to 1), multiplied by each URL's. */
  opacity: number;
}
