/**
 * imgproxy's pixelate (vips_apply_filters in its vips.c): mirror the image out to whole blocks,
 * shrink each block to one pixel (its average), zoom back up by repeating that pixel, and cut
 * the mirrored margin off again.
 */
import sharp, { type Sharp } from 'sharp';

/**
 * A new pipeline holding `pipeline`'s pixels pixelated in blocks of `size` (capped at the longer
 * side, as imgproxy caps it); sizes 0 and 1 return the pipeline unchanged.
 * @example pipeline = await pixelate(pipeline, 8);
 */
export async function pixelate(pipeline: Sharp, size: number): Promise<Sharp> {
  // sharp runs one resize per pipeline: the image so far is computed before blocks are made.
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const block = Math.min(size, Math.max(width, height));
  // Only the size and channels: sharp's `premultiplied` in info would make the next step treat
  // the (already unpremultiplied) pixels as premultiplied.
  const raw = (w: number, h: number) => ({ raw: { width: w, height: h, channels } });
  if (block <= 1) return sharp(data, raw(width, height));
  const wide = Math.ceil(width / block) * block;
  const high = Math.ceil(height / block) * block;
  // sharp pads after it resizes, whatever the order of the calls: each step is computed alone.
  const mirrored = await sharp(data, raw(width, height))
    .extend({ right: wide - width, bottom: high - height, extendWith: 'mirror' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const averaged = await sharp(mirrored.data, raw(wide, high))
    .resize(wide / block, high / block, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const blocks = await sharp(averaged.data, raw(wide / block, high / block))
    .resize(wide, high, { fit: 'fill', kernel: 'nearest' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(blocks.data, raw(wide, high)).extract({ left: 0, top: 0, width, height });
}
