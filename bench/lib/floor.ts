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
