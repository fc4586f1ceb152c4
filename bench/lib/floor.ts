/**
 * The floor: the least sharp can do to produce what our engine produces for a width-only JPEG
 * preset (auto-oriented, never enlarged, flattened onto white, sRGB, progressive), with nothing
 * around it: no catalog, no hash, no placeholder, no second header read.
 */
import sharp from 'sharp';

export interface FloorOptions {
  quality: number;
  /** Our engine always writes progressive JPEG; false measures what that costs. */
  progressive: boolean;
  pixelLimit: number;
}

/**
 * @example const jpeg = await floorResize(bytes, 320, { quality: 80, progressive: true, pixelLimit: 1e8 });
 */
export function floorResize(bytes: Buffer, width: number, options: FloorOptions): Promise<Buffer> {
  return sharp(bytes, { failOn: 'error', limitInputPixels: options.pixelLimit, autoOrient: true })
    .resize({ width, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: options.quality, progressive: options.progressive })
    .toBuffer();
}

/**
 * The decode-once floor: the original decoded once, shrunk on load to the largest width asked
 * for, flattened onto white in sRGB; every width is encoded from those pixels (the largest as
 * it is, the others resized from it). What `generate` does for a set of width-only presets,
 * with nothing around it.
 * @example const [big, small] = await floorDecodeOnce(bytes, [1024, 320], { quality: 80, progressive: true, pixelLimit: 1e8 });
 */
export async function floorDecodeOnce(
  bytes: Buffer,
  widths: readonly number[],
  options: FloorOptions,
): Promise<Buffer[]> {
  const largest = Math.max(...widths);
  const { data, info } = await sharp(bytes, {
    failOn: 'error',
    limitInputPixels: options.pixelLimit,
    autoOrient: true,
  })
    .resize({ width: largest, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  return Promise.all(
    widths.map((width) => {
      const pixels = sharp(data, { raw });
      const sized = width < info.width ? pixels.resize({ width }) : pixels;
      return sized.jpeg({ quality: options.quality, progressive: options.progressive }).toBuffer();
    }),
  );
}
