/**
 * A render whose every size and offset was decided before rendering (the URL API plans
 * imgproxy's geometry this way): turn, keep a region of the upright source, scale it to an
 * exact size, pad it. sharp runs a post-resize crop after its padding, so the crop of the
 * scaled image is planned as a region of the source instead, which gives the same sizes.
 */
import type { Sharp } from 'sharp';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ExactGeometry {
  /**
   * How the upright source is turned, in sharp's terms: mirrored left to right (`flop`), then
   * turned clockwise by `rotate` degrees.
   */
  turn: { flop: boolean; rotate: 0 | 90 | 180 | 270 };
  /**
   * The region that is kept, in the rotated source before the mirror (sharp crops there and
   * mirrors the crop); undefined keeps all of it.
   */
  region?: Box | undefined;
  /** The size the region is scaled to, and the crop strategy when libvips chooses the crop. */
  resize: { width: number; height: number; strategy?: 'attention' | 'entropy' | undefined };
  /**
   * Pixels added on each side (extend, extend_aspect_ratio and padding together): transparent
   * as imgproxy adds them, or in the background colour when the URL set one.
   */
  pad?: { top: number; right: number; bottom: number; left: number; opaque: boolean } | undefined;
  /**
   * imgproxy's DprScale: the URL's dpr as the plan limited it (no enlarging past the source,
   * max_result_dimension). Nothing here uses it; the watermark's pixel offsets are multiplied
   * by it, as imgproxy's are. Undefined: 1.
   */
  dprScale?: number | undefined;
}

/**
 * Runs `geometry` on an opened pipeline, padding in `background` when the pad is opaque.
 * @example pipeline = applyExactGeometry(pipeline, spec.geometry, spec.background);
 */
export function applyExactGeometry(
  pipeline: Sharp,
  geometry: ExactGeometry,
  background: string,
): Sharp {
  let out = pipeline;
  if (geometry.turn.rotate) out = out.rotate(geometry.turn.rotate);
  if (geometry.turn.flop) out = out.flop();
  if (geometry.region) out = out.extract(geometry.region);
  const { width, height, strategy } = geometry.resize;
  out = strategy
    ? out.resize(width, height, { fit: 'cover', position: strategy })
    : out.resize(width, height, { fit: 'fill' });
  return geometry.pad ? padImage(out, geometry.pad, background) : out;
}

/**
 * Adds `pad`'s pixels on each side: in `background` when the pad is opaque, else transparent.
 * @example pipeline = padImage(pipeline, geometry.pad, spec.background);
 */
function padImage(
  pipeline: Sharp,
  pad: NonNullable<ExactGeometry['pad']>,
  background: string,
): Sharp {
  const { top, right, bottom, left, opaque } = pad;
  return pipeline.extend({
    top,
    right,
    bottom,
    left,
    background: withAlpha(background, opaque ? 1 : 0),
  });
}

function withAlpha(hex: string, alpha: number): { r: number; g: number; b: number; alpha: number } {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255, alpha };
}
