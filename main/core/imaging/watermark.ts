/**
 * imgproxy's watermark (processing/watermark.go and vips_apply_watermark): the configured image,
 * scaled to a fraction of the result when asked (enlarging), placed by a compass gravity with
 * offsets that may push it partly out, or replicated over the whole result with offsets as
 * spacing, and laid over the result at an opacity. Its bytes come with the render's options; the
 * spec holds only their hash, so a changed watermark changes every key it is part of.
 */
import sharp, { type OverlayOptions } from 'sharp';
import {
  calcPosition,
  roundToEven,
  scaleToEven,
  type CompassPosition,
} from './imgproxy-geometry.js';

/** Where the watermark goes: a compass gravity, or repeated over the whole result. */
export type WatermarkPosition = CompassPosition | 'replicate';

/** imgproxy's `watermark` option as the URL gives it. */
export interface WatermarkOptions {
  /** 0 to 1; multiplied by IMGPROXY_WATERMARK_OPACITY. 0: no watermark. */
  opacity: number;
  position: WatermarkPosition;
  /** Pixels (times the density) when |offset| ≥ 1, else a fraction of the result; replicate: spacing. */
  x: number;
  y: number;
  /** The watermark's size as a fraction of the result's; 0 keeps its own size. */
  scale: number;
}

/** A watermark as a spec asks for it. */
export interface WatermarkSpec extends WatermarkOptions {
  /** The configured image's content hash: what the derivative key knows of it. */
  hash: string;
}

type Size = { width: number; height: number };
type Raw = { data: Buffer; width: number; height: number };

/** The watermark in RGBA, scaled (`scale` of the result, fitted, enlarging) as imgproxy's. */
async function prepared(bytes: Uint8Array, spec: WatermarkSpec, result: Size): Promise<Raw> {
  let mark = sharp(bytes).toColourspace('srgb').ensureAlpha();
  if (spec.scale > 0) {
    const width = Math.max(scaleToEven(result.width, spec.scale), 1);
    const height = Math.max(scaleToEven(result.height, spec.scale), 1);
    mark = mark.resize(width, height, { fit: 'inside' });
  }
  const { data, info } = await mark.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Each pixel's alpha times `opacity` (vips_apply_watermark's linear on the alpha band). */
function fade(mark: Raw, opacity: number): Raw {
  if (opacity >= 1) return mark;
  const data = Buffer.from(mark.data);
  for (let i = 3; i < data.length; i += 4) data[i] = Math.round(data[i]! * opacity);
  return { ...mark, data };
}

/**
 * The watermark repeated over `result`: padded by the offsets as spacing, tiled an odd number of
 * times each way and cut out centred (vips_replicate_go, centred).
 */
async function replicated(
  mark: Raw,
  spec: WatermarkSpec,
  result: Size,
  dprScale: number,
): Promise<Raw> {
  const spacing = (offset: number, side: number) =>
    Math.abs(offset) >= 1 ? roundToEven(offset * dprScale) : scaleToEven(side, offset);
  const padX = Math.max(0, spacing(spec.x, result.width));
  const padY = Math.max(0, spacing(spec.y, result.height));
  const tile = await sharp(mark.data, {
    raw: { width: mark.width, height: mark.height, channels: 4 },
  })
    .extend({
      left: Math.trunc(padX / 2),
      right: padX - Math.trunc(padX / 2),
      top: Math.trunc(padY / 2),
      bottom: padY - Math.trunc(padY / 2),
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const tw = tile.info.width;
  const th = tile.info.height;
  const odd = (n: number) => (n % 2 === 0 ? n + 1 : n);
  const across = odd(Math.ceil(result.width / tw));
  const down = odd(Math.ceil(result.height / th));
  const left = Math.trunc((across * tw - result.width) / 2);
  const top = Math.trunc((down * th - result.height) / 2);
  const data = Buffer.alloc(result.width * result.height * 4);
  for (let y = 0; y < result.height; y += 1) {
    const sy = (y + top) % th;
    for (let x = 0; x < result.width; x += 1) {
      const from = (sy * tw + ((x + left) % tw)) * 4;
      tile.data.copy(data, (y * result.width + x) * 4, from, from + 4);
    }
  }
  return { data, ...result };
}

/**
 * The watermark `bytes` as `spec` lays it over a still result of `result`'s size: a layer for
 * sharp's composite, or undefined when none of it shows. Offsets in pixels are multiplied by
 * `dprScale`, the plan's (ExactGeometry.dprScale), as imgproxy's watermark step takes its
 * context's DprScale rather than the URL's dpr.
 * @example const layer = await watermarkLayer({ width: 640, height: 480 }, spec.watermark, bytes, geometry.dprScale ?? 1);
 */
export async function watermarkLayer(
  result: Size,
  spec: WatermarkSpec,
  bytes: Uint8Array,
  dprScale: number,
): Promise<OverlayOptions | undefined> {
  if (spec.opacity <= 0) return undefined;
  let mark = await prepared(bytes, spec, result);
  let left = 0;
  let top = 0;
  if (spec.position === 'replicate') {
    mark = await replicated(mark, spec, result, dprScale);
  } else {
    const gravity = { type: 'compass', position: spec.position, x: spec.x, y: spec.y } as const;
    ({ left, top } = calcPosition(
      result.width,
      result.height,
      mark.width,
      mark.height,
      gravity,
      dprScale,
      true,
    ));
    // sharp places a composite inside the image only: the part that sticks out is cut off here.
    const visible = {
      left: Math.max(0, -left),
      top: Math.max(0, -top),
      width: Math.min(mark.width, result.width - left) - Math.max(0, -left),
      height: Math.min(mark.height, result.height - top) - Math.max(0, -top),
    };
    if (visible.width <= 0 || visible.height <= 0) return undefined;
    const cut = await sharp(mark.data, {
      raw: { width: mark.width, height: mark.height, channels: 4 },
    })
      .extract(visible)
      .raw()
      .toBuffer();
    mark = { data: cut, width: visible.width, height: visible.height };
    left = Math.max(0, left);
    top = Math.max(0, top);
  }
  const faded = fade(mark, spec.opacity);
  return {
    input: faded.data,
    raw: { width: faded.width, height: faded.height, channels: 4 },
    left,
    top,
    blend: 'over',
  };
}
