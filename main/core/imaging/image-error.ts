/**
 * Errors about one image, in words a person understands. The batch goes on; the words are
 * stored on the original or derivative and shown in `errors`.
 */
import { CodedError } from '../../../shared/contract/errors.js';
import { formatName, type SniffedFormat } from './sniff.js';
import { groupDigits } from '../../../shared/naming.js';

/** An image that cannot be read or made: corrupt, unsupported, past the pixel limit (422). */
export class ImageError extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unprocessable', message, options);
    this.name = 'ImageError';
  }
}

/**
 * A render that failed on an image that decodes on its own: the pipeline's fault, not the
 * image's, so a host answers it as an internal error (500) and logs it.
 */
export class RenderFailure extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options);
    this.name = 'RenderFailure';
  }
}

/**
 * The RenderFailure for `error`, thrown while rendering a `format` image that decodes.
 * @example throw renderFailed(new Error('extract_area: bad extract area'), 'jpeg')
 */
export function renderFailed(error: unknown, format: SniffedFormat): RenderFailure {
  const reason = error instanceof Error ? error.message.split('\n')[0]!.trim() : String(error);
  return new RenderFailure(`rendering a sound ${formatName(format)} failed: ${reason}`, {
    cause: error,
  });
}

/** @example throw notSupported('heic') // "HEIC is not supported by this build" */
export function notSupported(format: SniffedFormat): ImageError {
  return new ImageError(`${formatName(format)} is not supported by this build`);
}

/** @example overPixelLimit(47000, 31000, 100e6).message === '47 000 × 31 000 is larger than the 100-megapixel limit' */
export function overPixelLimit(width: number, height: number, limit: number): ImageError {
  const megapixels = Number((limit / 1e6).toFixed(1));
  return new ImageError(
    `${groupDigits(width)} × ${groupDigits(height)} is larger than the ${megapixels}-megapixel limit`,
  );
}

/**
 * An animation whose frames together pass the pixel limit (imgproxy counts width × height ×
 * frames against IMGPROXY_MAX_SRC_RESOLUTION).
 * @example overFramesLimit(1000, 1000, 120, 100e6).message === '120 frames of 1 000 × 1 000 are larger than the 100-megapixel limit'
 */
export function overFramesLimit(
  width: number,
  height: number,
  frames: number,
  limit: number,
): ImageError {
  const megapixels = Number((limit / 1e6).toFixed(1));
  return new ImageError(
    `${groupDigits(frames)} frames of ${groupDigits(width)} × ${groupDigits(height)} are larger than the ${megapixels}-megapixel limit`,
  );
}

/**
 * In words, what keeps `frames` frames of `width` × `height` from a `limit` of pixels: one
 * frame over it, or the frames together (as imgproxy counts an animation); undefined within it.
 * @example pixelLimitError(1000, 1000, 120, 100e6)?.message === '120 frames of 1 000 × 1 000 are larger than the 100-megapixel limit'
 */
export function pixelLimitError(
  width: number,
  height: number,
  frames: number,
  limit: number,
): ImageError | undefined {
  if (width * height > limit) return overPixelLimit(width, height, limit);
  if (width * height * frames > limit) return overFramesLimit(width, height, frames, limit);
  return undefined;
}

/**
 * An animation's frame past imgproxy's IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION, which, when
 * set, bounds each frame in place of the frames together.
 * @example overFrameLimit(1000, 1000, 0.5e6).message === 'a frame of 1 000 × 1 000 is larger than the 0.5-megapixel frame limit'
 */
export function overFrameLimit(width: number, height: number, limit: number): ImageError {
  const megapixels = Number((limit / 1e6).toFixed(1));
  return new ImageError(
    `a frame of ${groupDigits(width)} × ${groupDigits(height)} is larger than the ${megapixels}-megapixel frame limit`,
  );
}

/** How libvips' loaders say that a file ends too early. */
const TRUNCATION =
  /premature end|truncated|unexpected end|libpng read error|not enough data|read error at scanline/i;

/**
 * Translates a libvips/sharp failure into words; `format` names what the file claimed to be.
 * @example describeDecodeError(err, 'jpeg') // "truncated JPEG: …"
 */
export function describeDecodeError(error: unknown, format: SniffedFormat): ImageError {
  if (error instanceof ImageError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const first = raw.split('\n')[0]!.trim();
  const name = formatName(format);
  let message: string;
  if (/corrupt header|contains no image|bad seek|invalid header/i.test(raw)) {
    message = `corrupt ${name}: its header cannot be read`;
  } else if (TRUNCATION.test(raw)) {
    message = `truncated ${name}: the file ends before its image data does`;
  } else if (/unsupported image format/i.test(raw)) {
    message = `not an image this build can read (${name} signature, unreadable content)`;
  } else if (/timeout/i.test(raw)) {
    message = `${name} took too long to decode`;
  } else {
    message = `${name} cannot be decoded: ${first}`;
  }
  return new ImageError(message, { cause: error });
}
