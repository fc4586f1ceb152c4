/**
 * Geometry that depends on the pixels, planned in the render (the URL API's trim and smart
 * crop): imgproxy trims before it plans anything, so the size of a trimmed answer is known only
 * once its borders were found, and a smart crop's place only once libvips looked at the image.
 * Both are found with sharp, in the image as stored (imgproxy's trim and crop steps come before
 * its rotateAndFlip, which applies the EXIF orientation), then the plan is imgproxy's as for
 * any URL.
 */
import sharp, { type Sharp } from 'sharp';
import {
  mirroredPosition,
  pendingSmartCrop,
  planGeometry,
  rotatedBox,
  storedTurn,
  uprightBox,
  type GeometryRequest,
  type PixelFindings,
} from './imgproxy-geometry.js';
import type { Box, ExactGeometry } from './exact-geometry.js';
import { ImageError } from './image-error.js';

/** imgproxy's trim: cut the borders of one colour before anything else is planned. */
export interface TrimOptions {
  /** How far (0 to 255 per channel) a pixel may be from the colour and still be border. */
  threshold: number;
  /** `#rrggbb`; undefined: the top-left pixel's colour, as imgproxy's "smart" trim. */
  colour?: string | undefined;
  /** Cut as much on the right as on the left (the smaller cut of the two widened). */
  equalHor: boolean;
  /** The same for the top and the bottom. */
  equalVer: boolean;
}

/** A plan left to the render: the request, the trim if any, and the largest side allowed. */
export interface PixelPlan {
  request: GeometryRequest;
  trim?: TrimOptions | undefined;
  /** The server's `--max-size`: a trimmed image may plan to a larger side than the untrimmed. */
  maxSize: number;
  /** The source's EXIF orientation, undone before the pixels are looked at; none: upright. */
  orientation?: number | undefined;
}

type Frame = { width: number; height: number };
type Turn = ExactGeometry['turn'];

/** An image as it is searched: its pipeline and size, and the turn from upright to it. */
interface Searched {
  image: Sharp;
  frame: Frame;
  stored?: Turn | undefined;
}

/**
 * The opened (upright) image as stored: its decoded pixels turned back (losslessly) into a fresh
 * pipeline, because in the opened one sharp would mirror only after a later extract. The opened
 * image itself when it is stored upright.
 */
async function asStored(pipeline: Sharp, frame: Frame, orientation?: number): Promise<Searched> {
  const stored = storedTurn(orientation);
  if (!stored) return { image: pipeline, frame };
  const rawOf = async (image: Sharp) => {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    const { width, height, channels } = info;
    return { data, raw: { width, height, channels } };
  };
  const upright = await rawOf(pipeline.clone());
  const turned = await rawOf(
    sharp(upright.data, { raw: upright.raw }).rotate(stored.rotate).flop(stored.flop),
  );
  return {
    image: sharp(turned.data, { raw: turned.raw }),
    frame: { width: turned.raw.width, height: turned.raw.height },
    stored,
  };
}

// imgproxy flattens transparency onto magenta before it looks for borders (vips_trim).
const TRIM_FLATTEN = '#ff00ff';

/**
 * The box imgproxy's trim keeps of an upright image (vips_trim in its vips.c): borders within
 * `threshold` of the colour (else the top-left pixel's), found by libvips's find_trim on the
 * image in sRGB flattened onto magenta; equal_hor/equal_ver widen the smaller cut to the larger.
 * Undefined when nothing is cut.
 * @example await trimBox(sharp('scan.png'), { width: 350, height: 250 }, { threshold: 10, equalHor: false, equalVer: false })
 */
export async function trimBox(
  pipeline: Sharp,
  frame: Frame,
  trim: TrimOptions,
): Promise<Box | undefined> {
  // sharp refuses to trim smaller images; imgproxy finds nothing to cut in them either.
  if (frame.width < 3 && frame.height < 3) return undefined;
  const flat = await pipeline
    .clone()
    .flatten({ background: TRIM_FLATTEN })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = flat.info;
  const { info } = await sharp(flat.data, { raw: { width, height, channels } })
    .trim({ background: trim.colour, threshold: trim.threshold })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const box = {
    left: -(info.trimOffsetLeft ?? 0),
    top: -(info.trimOffsetTop ?? 0),
    width: info.width,
    height: info.height,
  };
  if (trim.equalHor) equalise(box, 'left', 'width', width);
  if (trim.equalVer) equalise(box, 'top', 'height', height);
  return box.width === width && box.height === height ? undefined : box;
}

/** vips_trim's equal_hor/equal_ver: the side cut less is cut as much as the other. */
function equalise(box: Box, start: 'left' | 'top', size: 'width' | 'height', whole: number) {
  const end = whole - box[start] - box[size];
  const diff = end - box[start];
  if (diff > 0) box[size] += diff;
  else if (diff < 0) {
    box[start] = end;
    box[size] -= diff;
  }
}

/** A frame's size after a quarter turn when `sideways`, else as it is. */
const swappedIf = (sideways: boolean, frame: Frame): Frame =>
  sideways ? { width: frame.height, height: frame.width } : frame;

/**
 * Where libvips's smartcrop (the attention strategy, as imgproxy's crop with `sm` gravity) puts
 * a `pending` crop in the (trimmed) image: sharp runs it when a cover resize may not reduce, so
 * the image is searched at its own scale, as imgproxy searches it. As imgproxy, the image is
 * searched as stored (`searched`, cut to `trim`, a box of it), before any turn, and the box
 * turned with it; the place is given in the turned (mirrored) frame the plan uses.
 */
async function smartCropAt(
  searched: Searched,
  trim: Box | undefined,
  pending: NonNullable<ReturnType<typeof pendingSmartCrop>>,
): Promise<{ left: number; top: number }> {
  const image = trim ? searched.image.clone().extract(trim) : searched.image.clone();
  const stored = trim ?? searched.frame;
  // The crop's size in the searched frame: turned back by the plan's turn and the orientation.
  const quarterTurns = pending.turn.rotate + (searched.stored?.rotate ?? 0);
  const sideways = quarterTurns % 180 === 90;
  const width = sideways ? pending.height : pending.width;
  const height = sideways ? pending.width : pending.height;
  const { info } = await image
    .resize(width, height, { fit: 'cover', position: 'attention', withoutReduction: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const inStored = {
    left: -(info.cropOffsetLeft ?? 0),
    top: -(info.cropOffsetTop ?? 0),
    width,
    height,
  };
  const storedFrame = { width: stored.width, height: stored.height };
  const found = searched.stored ? uprightBox(inStored, searched.stored, storedFrame) : inStored;
  const upright = swappedIf((searched.stored?.rotate ?? 0) % 180 === 90, storedFrame);
  const rotated = swappedIf(pending.turn.rotate % 180 === 90, upright);
  const box = rotatedBox(found, pending.turn.rotate, upright);
  return mirroredPosition(box, pending.turn, rotated);
}

/**
 * The exact geometry of `plan` for the image `pipeline` opened (upright, `frame` its size):
 * trimmed, smart-cropped and planned. Throws an ImageError when the trimmed image plans to a
 * side beyond `plan.maxSize`.
 * @example const geometry = await planFromPixels(opened.pipeline, opened.frame, spec.pixelPlan);
 */
export async function planFromPixels(
  pipeline: Sharp,
  frame: Frame,
  plan: PixelPlan,
): Promise<ExactGeometry> {
  const found: PixelFindings = {};
  // A pixel plan is made for a trim or a smart crop, both of which look at the stored image.
  const searched = await asStored(pipeline, frame, plan.orientation);
  const trimmed = plan.trim ? await trimBox(searched.image, searched.frame, plan.trim) : undefined;
  if (trimmed) {
    found.trim = searched.stored ? uprightBox(trimmed, searched.stored, searched.frame) : trimmed;
  }
  const pending = pendingSmartCrop(found.trim ?? frame, plan.request);
  if (pending) found.smartCrop = await smartCropAt(searched, trimmed, pending);
  const planned = planGeometry(frame, plan.request, found);
  const side = Math.max(planned.width, planned.height);
  if (side > plan.maxSize) {
    throw new ImageError(
      `the trimmed image would give a result ${side} pixels wide or high, beyond the maximum of ${plan.maxSize}`,
    );
  }
  return planned.geometry;
}
