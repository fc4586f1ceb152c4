/**
 * imgproxy's animations (transformAnimated in its processing/processing.go): the frames are
 * taken apart, each runs the still pipeline on its own (the same geometry, filters, pixelation
 * and watermark, planned on one frame's size), and they are joined again with a result frame's
 * height as the page height, the delays and the loop count kept. The whole animation is decoded
 * once and its frames are cut from that: a GIF or WebP frame can only be decoded after the ones
 * before it, so decoding page by page would cost the square of their number.
 */
import sharp, { type Sharp } from 'sharp';
import { overFramesLimit } from './image-error.js';

/** What an animated input's header says, and the cap that bounds its frames together. */
export interface AnimationFacts {
  /** Milliseconds each frame shows, as the source lists them (possibly none). */
  delay: number[];
  /** How many times it plays; 0 for ever. */
  loop: number;
  /** Largest width × height × frames, of the source and of the result alike. */
  pixelLimit: number;
}

type Frame = { width: number; height: number };

/** The shaped frames joined in one raw image, one page a frame, and how they play. */
export interface JoinedFrames {
  pipeline: Sharp;
  /** One result frame's size. */
  frame: Frame;
  /** One delay a frame, and the loop count, for the encoder. */
  delay: number[];
  loop: number;
}

/** imgproxy's delay for an animation that lists none: 40 ms a frame (25 fps). */
const DEFAULT_DELAY_MS = 40;

/**
 * Runs `shape` on every frame of the animation `pipeline` decodes (`frame` one frame's size) and
 * joins the results. Throws an ImageError when the result's frames together pass the pixel
 * limit (known after the first frame, before the others are made).
 *
 * The joined frames are bare pixels. With `source` (an unused pipeline of the same animation),
 * they replace that pipeline's own pixels instead, each of its frames scaled to a result
 * frame's size first, so that the answer keeps the source's EXIF, XMP and ICC profile as a
 * still's pipeline does (imgproxy's frames keep the source's metadata too).
 * @example const joined = await shapeFrames(opened.pipeline, opened.frame, facts, (f) => shapeImage(f, spec));
 */
export async function shapeFrames(
  pipeline: Sharp,
  frame: Frame,
  facts: AnimationFacts,
  shape: (opened: { pipeline: Sharp; frame: Frame }) => Promise<Sharp>,
  source?: Sharp,
): Promise<JoinedFrames> {
  const strip = await pipeline.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const { channels } = strip.info;
  const inBytes = frame.width * frame.height * channels;
  const pages = Math.floor(strip.info.height / frame.height);
  const shapePage = async (page: number) => {
    const pixels = strip.data.subarray(page * inBytes, (page + 1) * inBytes);
    const input = sharp(pixels, { raw: { ...frame, channels } });
    const shaped = await shape({ pipeline: input, frame });
    return shaped.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  };
  // One plan for every frame, so the first tells the size of them all.
  const first = await shapePage(0);
  const out = first.info;
  if (out.width * out.height * pages > facts.pixelLimit) {
    throw overFramesLimit(out.width, out.height, pages, facts.pixelLimit);
  }
  const joined = Buffer.allocUnsafe(first.data.length * pages);
  first.data.copy(joined, 0);
  for (let page = 1; page < pages; page += 1) {
    (await shapePage(page)).data.copy(joined, page * first.data.length);
  }
  const delay = facts.delay.length
    ? facts.delay.slice(0, pages)
    : new Array<number>(pages).fill(DEFAULT_DELAY_MS);
  const raw = { width: out.width, height: out.height * pages, channels: out.channels };
  const pixels = { input: joined, raw, left: 0, top: 0, blend: 'source' } as const;
  return {
    pipeline: source
      ? source.resize(out.width, out.height, { fit: 'fill' }).composite([pixels])
      : sharp(joined, { raw: { ...raw, pageHeight: out.height } }),
    frame: { width: out.width, height: out.height },
    delay,
    loop: facts.loop,
  };
}
