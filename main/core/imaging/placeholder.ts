/**
 * A tiny placeholder per original: a ThumbHash, shown while the real image loads.
 */
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';

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
