/**
 * A tiny placeholder per original: a ThumbHash, shown while the real image loads.
 */
import sharp from 'sharp';
import { rgbaToThumbHash } from './thumbhash-encode.js';

/**
 * The ThumbHash of an image, base64-encoded (about 25 bytes of data).
 * @example const hash = await thumbHashOf(bytes, 100e6);
 */
export async function thumbHashOf(bytes: Buffer, pixelLimit: number): Promise<string> {
  const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: pixelLimit })
    .autoOrient()
    .resize(100, 100, { fit: 'inside' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}

/** Decoded 8-bit sRGB pixels, channels interleaved, as sharp's raw() output gives them. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** Grey, grey + alpha, RGB or RGBA. */
  channels: 1 | 2 | 3 | 4;
}

/**
 * The longer side the pixel path averages down to. ThumbHash keeps at most 7 × 7 cosine terms
 * of luminance (fewer of colour), which 64 pixels resolve fully; its own cost grows with the
 * pixel count (1.5 ms for 100 px against 0.7 ms for 64 here).
 */
const PIXEL_BOX = 64;
/**
 * Pixels read per side of each box: 16 evenly spaced ones estimate its mean. Reading every
 * pixel of a 1024-px decode in JavaScript cost 9–15 ms per original here, more than the sharp
 * call this replaces; 16 a box cost about 1 ms, and nothing a ThumbHash keeps is finer.
 */
const SAMPLES = 4;

/**
 * Averages `pixels` over boxes down to an RGBA image of at most PIXEL_BOX a side, colour
 * weighted by alpha as a premultiplied resize weights it (transparent pixels lend none).
 */
function boxAverage(pixels: RawPixels): { width: number; height: number; rgba: Uint8Array } {
  const { data, width, height, channels } = pixels;
  const scale = Math.max(1, Math.max(width, height) / PIXEL_BOX);
  const ow = Math.max(1, Math.round(width / scale));
  const oh = Math.max(1, Math.round(height / scale));
  // Grey is read as three equal channels.
  const [c0, c1, c2] = channels >= 3 ? [0, 1, 2] : [0, 0, 0];
  const alpha = channels === 2 || channels === 4 ? channels - 1 : -1;
  // Where the samples fall, as pixel columns and rows: SAMPLES of them in each box.
  const at = (box: number, boxes: number, size: number, sample: number) =>
    Math.floor(((box + (sample + 0.5) / SAMPLES) * size) / boxes);
  const rgba = new Uint8Array(ow * oh * 4);
  for (let oy = 0; oy < oh; oy += 1) {
    for (let ox = 0; ox < ow; ox += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        const row = at(oy, oh, height, sy) * width;
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const p = (row + at(ox, ow, width, sx)) * channels;
          const weight = alpha < 0 ? 255 : data[p + alpha]!;
          r += data[p + c0]! * weight;
          g += data[p + c1]! * weight;
          b += data[p + c2]! * weight;
          a += weight;
        }
      }
      const q = (oy * ow + ox) * 4;
      if (a > 0) {
        rgba[q] = Math.round(r / a);
        rgba[q + 1] = Math.round(g / a);
        rgba[q + 2] = Math.round(b / a);
      }
      rgba[q + 3] = Math.round(a / (SAMPLES * SAMPLES));
    }
  }
  return { width: ow, height: oh, rgba };
}

/**
 * The ThumbHash of pixels already decoded (a derivative's shared decode), base64-encoded: the
 * same picture as `thumbHashOf` describes, without decoding anything again.
 * @example const hash = thumbHashOfPixels({ data, width: 1024, height: 768, channels: 3 });
 */
export function thumbHashOfPixels(pixels: RawPixels): string {
  const { width, height, rgba } = boxAverage(pixels);
  return Buffer.from(rgbaToThumbHash(width, height, rgba)).toString('base64');
}

/**
 * The placeholder `generate` stores for an original: from the shared decode's `pixels` when
 * its derivatives had one (nothing decoded again), else from `smallest`, the smallest still
 * output showing the whole picture (a 320-px JPEG decodes many times faster than the
 * original), else from the `original` itself.
 * @example const hash = await placeholderOf(renderer.pixels, smallest?.data, bytes, 100e6);
 */
export async function placeholderOf(
  pixels: RawPixels | undefined,
  smallest: Buffer | undefined,
  original: Buffer,
  pixelLimit: number,
): Promise<string> {
  return pixels ? thumbHashOfPixels(pixels) : thumbHashOf(smallest ?? original, pixelLimit);
}
