/**
 * The watermark image `serve` lays over URL API results that ask for one (`watermark:`): from
 * `--watermark <file>`, else imgproxy's IMGPROXY_WATERMARK_DATA (Base64) or
 * IMGPROXY_WATERMARK_PATH, read once at start, bounded in bytes and pixels and decoded once to
 * prove it is an image. IMGPROXY_WATERMARK_URL is refused: nothing here fetches.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ConfiguredWatermark } from '../core/server/url-api/watermark-option.js';
import { CliError } from './command-kit.js';
import type { ImgproxySettings } from './imgproxy-environment.js';

/** Bytes a watermark file may have: it travels with every render that uses it. */
export const WATERMARK_MAX_BYTES = 4 * 1024 * 1024;
/** Pixels a watermark may have (2048 × 2048): it is decoded for every render that uses it. */
export const WATERMARK_MAX_PIXELS = 2048 * 2048;

async function fileBytes(file: string, what: string): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new CliError(`${what}: ${path.basename(file)} cannot be read`);
  }
  if (size > WATERMARK_MAX_BYTES) {
    throw new CliError(
      `${what}: ${path.basename(file)} is larger than ${WATERMARK_MAX_BYTES} bytes`,
    );
  }
  return readFile(file);
}

function base64Bytes(data: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data.trim())) {
    throw new CliError('IMGPROXY_WATERMARK_DATA must be Base64');
  }
  const bytes = Buffer.from(data.trim(), 'base64');
  if (bytes.length > WATERMARK_MAX_BYTES) {
    throw new CliError(`IMGPROXY_WATERMARK_DATA is larger than ${WATERMARK_MAX_BYTES} bytes`);
  }
  return bytes;
}

/** Refuses what is not an image, or one past the pixel bound, in words. */
async function checkImage(bytes: Buffer, what: string): Promise<void> {
  let width = 0;
  let height = 0;
  try {
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    throw new CliError(`${what} is not an image this build can read`);
  }
  if (width * height > WATERMARK_MAX_PIXELS) {
    throw new CliError(`${what} is ${width} × ${height}, more than ${WATERMARK_MAX_PIXELS} pixels`);
  }
  try {
    await sharp(bytes, { failOn: 'error' }).resize(1, 1).raw().toBuffer();
  } catch {
    throw new CliError(`${what} cannot be decoded`);
  }
}

/**
 * The configured watermark, or undefined when none is: `--watermark` first, then the imgproxy
 * environment's data, then its path. Throws a CliError naming the source for anything refused.
 * @example const watermark = await loadWatermark(options.watermark, imgproxyEnvironment());
 */
export async function loadWatermark(
  file: string | undefined,
  imgproxy: Pick<
    ImgproxySettings,
    'watermarkData' | 'watermarkPath' | 'watermarkUrl' | 'watermarkOpacity'
  >,
): Promise<ConfiguredWatermark | undefined> {
  let bytes: Buffer;
  let what: string;
  if (file) {
    what = '--watermark';
    bytes = await fileBytes(file, what);
  } else if (imgproxy.watermarkData) {
    what = 'IMGPROXY_WATERMARK_DATA';
    bytes = base64Bytes(imgproxy.watermarkData);
  } else if (imgproxy.watermarkPath) {
    what = 'IMGPROXY_WATERMARK_PATH';
    bytes = await fileBytes(imgproxy.watermarkPath, what);
  } else if (imgproxy.watermarkUrl) {
    throw new CliError(
      'IMGPROXY_WATERMARK_URL is not supported (serve fetches nothing): give --watermark <file>, IMGPROXY_WATERMARK_PATH or IMGPROXY_WATERMARK_DATA',
    );
  } else {
    return undefined;
  }
  await checkImage(bytes, what);
  return {
    bytes,
    hash: createHash('sha256').update(bytes).digest('hex').slice(0, 32),
    opacity: imgproxy.watermarkOpacity ?? 1,
  };
}
