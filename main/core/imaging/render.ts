/**
 * Renders one derivative: one sharp pipeline from the original's bytes and a render spec.
 */
import { readFile } from 'node:fs/promises';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import exifReader from 'exif-reader';
import { GRAVITIES } from '../../../shared/preset.js';
import type { RenderSpec } from './render-spec.js';
import { describeDecodeError, ImageError, pixelLimitError, renderFailed } from './image-error.js';
import { shapeFrames, type AnimationFacts, type JoinedFrames } from './animation-frames.js';
import type { SniffedFormat } from './sniff.js';
import { applyExactGeometry } from './exact-geometry.js';
import { encodeToFit, FITTABLE_FORMATS } from './fit-bytes.js';
import { pixelate } from './pixelate.js';
import { planFromPixels } from './pixel-plan.js';
import { watermarkLayer } from './watermark.js';
import { RenderTimeoutError } from './render-process.js';
import type { ExactGeometry } from './exact-geometry.js';

export interface RenderInput {
  bytes: Buffer;
  format: SniffedFormat;
}

export interface RenderOptions {
  /** Largest accepted input width × height. */
  pixelLimit: number;
  /** Seconds before libvips gives up on one render; 0 for no limit. */
  timeoutSeconds?: number;
  /** The configured watermark image's bytes, which a spec's `watermark` lays over the result. */
  watermark?: Uint8Array | undefined;
}

export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
}

const GRAVITY_NAMES: ReadonlySet<string> = new Set(GRAVITIES);
/** imgproxy's IMGPROXY_QUALITY default: where max_bytes starts when the URL set no quality. */
const DEFAULT_QUALITY = 80;
/**
 * Spaces processed in sRGB rather than in the space sharp would pick: a grey image would be
 * padded and flattened in grey (a red background turned grey), and 16-bit RGB with a profile
 * in Display P3, written out as P3 numbers with no profile (colours washed out).
 */
const SRGB_PIPELINE_SPACES: ReadonlySet<string> = new Set(['b-w', 'grey16', 'rgb16']);

function sharpPosition(position: string): string | number {
  if (position === 'attention') return sharp.strategy.attention;
  if (position === 'entropy') return sharp.strategy.entropy;
  return GRAVITY_NAMES.has(position) ? position : 'centre';
}

function focalPoint(position: string): { x: number; y: number } | undefined {
  const match = /^focal:([\d.]+),([\d.]+)$/.exec(position);
  return match ? { x: Number(match[1]), y: Number(match[2]) } : undefined;
}

/** Copyright and artist from the original's EXIF, the only tags `metadata: copyright` keeps. */
function copyrightTags(exif: Buffer | undefined): Record<string, string> {
  if (!exif) return {};
  try {
    const image = exifReader(exif).Image ?? {};
    const tags: Record<string, string> = {};
    if (typeof image.Copyright === 'string') tags.Copyright = image.Copyright;
    if (typeof image.Artist === 'string') tags.Artist = image.Artist;
    return tags;
  } catch {
    return {};
  }
}

async function applyMetadata(
  pipeline: Sharp,
  spec: RenderSpec,
  input: RenderInput,
): Promise<Sharp> {
  if (spec.metadata === 'keep') {
    const kept = pipeline.keepExif().keepXmp();
    return spec.keepIccProfile ? kept : kept.withIccProfile('srgb');
  }
  if (spec.metadata === 'copyright') {
    const { exif } = await sharp(input.bytes).metadata();
    const tags = copyrightTags(exif);
    return Object.keys(tags).length ? pipeline.withExif({ IFD0: tags }) : pipeline;
  }
  return pipeline;
}

/** Resize, honouring a focal point by cropping around it after a cover-scale resize. */
function applyResize(
  pipeline: Sharp,
  spec: RenderSpec,
  frame: { width: number; height: number },
): Sharp {
  if (spec.width === undefined && spec.height === undefined) return pipeline;
  const focal = spec.fit === 'cover' ? focalPoint(spec.position) : undefined;
  if (focal && spec.width !== undefined && spec.height !== undefined) {
    // One frame's size: sharp resizes and crops an animation frame by frame.
    const sw = frame.width;
    const sh = frame.height;
    const scale = Math.max(spec.width / sw, spec.height / sh);
    const rw = Math.max(spec.width, Math.round(sw * scale));
    const rh = Math.max(spec.height, Math.round(sh * scale));
    const left = Math.round(Math.min(Math.max(focal.x * rw - spec.width / 2, 0), rw - spec.width));
    const top = Math.round(Math.min(Math.max(focal.y * rh - spec.height / 2, 0), rh - spec.height));
    return pipeline
      .resize(rw, rh, { fit: 'fill' })
      .extract({ left, top, width: spec.width, height: spec.height });
  }
  return pipeline.resize({
    width: spec.width,
    height: spec.height,
    fit: spec.fit,
    position: sharpPosition(spec.position),
    background: spec.background,
    withoutEnlargement: !spec.enlarge,
  });
}

/** `played`: the delays and loop count of frames joined here (sharp keeps a source's itself). */
function applyEncoder(
  pipeline: Sharp,
  spec: RenderSpec,
  quality = spec.quality,
  played?: Pick<JoinedFrames, 'delay' | 'loop'>,
): Sharp {
  const animation = played ? { delay: played.delay, loop: played.loop } : {};
  switch (spec.format) {
    case 'jpeg':
      return pipeline.jpeg({ quality, progressive: true });
    case 'webp':
      return pipeline.webp({ quality, ...animation });
    case 'avif':
      return pipeline.avif({ quality });
    case 'png':
      return pipeline.png({ quality, palette: quality !== undefined });
    case 'gif':
      return pipeline.gif(animation);
  }
}

/** An opened input whose pixel count has been checked from its header. */
export interface OpenedInput {
  pipeline: Sharp;
  /** One frame's size, after EXIF orientation. */
  frame: { width: number; height: number };
  /** How an input opened as an animation plays, when it has more than one frame. */
  animation?: AnimationFacts | undefined;
}

/**
 * sharp's `pages` for a spec: 1 for a still, an animation's kept frames, or -1 for all.
 * @example decodedPages({ animated: true, frames: 3 }) === 3
 */
export function decodedPages(spec: Pick<RenderSpec, 'animated' | 'frames'>): number {
  return spec.animated ? (spec.frames ?? -1) : 1;
}

/**
 * Opens `input` for decoding, its first `pages` frames (`decodedPages`), after refusing in words
 * one over the pixel limit (read from the header alone, so an oversized image is never decoded).
 * @example const { pipeline, frame } = await openChecked(input, 1, { pixelLimit: 100e6 });
 */
export async function openChecked(
  input: RenderInput,
  pages: number,
  options: RenderOptions,
): Promise<OpenedInput> {
  const animated = pages !== 1;
  // The header is read without a limit so that an oversized input is refused in words.
  const source = await sharp(input.bytes, {
    limitInputPixels: false,
    pages,
    autoOrient: true,
  }).metadata();
  const width = source.autoOrient.width;
  const height = animated ? (source.pageHeight ?? source.height) : source.autoOrient.height;
  // The header counts every page of the file, whatever was asked for.
  const frames = animated ? Math.min(source.pages ?? 1, pages > 0 ? pages : Infinity) : 1;
  // As imgproxy, an animation's frames count together against the limit.
  const over = pixelLimitError(width, height, frames, options.pixelLimit);
  if (over) throw over;
  // Buffer input keeps SVG from resolving anything outside itself: with no base file,
  // librsvg refuses external references such as <image href="file:///…">.
  let pipeline = sharp(input.bytes, {
    failOn: 'error',
    limitInputPixels: options.pixelLimit,
    pages,
    autoOrient: true,
  });
  if (options.timeoutSeconds) pipeline = pipeline.timeout({ seconds: options.timeoutSeconds });
  if (SRGB_PIPELINE_SPACES.has(source.space ?? '')) pipeline = pipeline.pipelineColourspace('srgb');
  const frame = { width, height };
  if (frames < 2) return { pipeline, frame };
  const played = { delay: source.delay ?? [], loop: source.loop ?? 0 };
  return { pipeline, frame, animation: { ...played, pixelLimit: options.pixelLimit } };
}

/**
 * Runs what the spec asks of an opened image (resize, flatten, sharpen, blur, watermark, sRGB,
 * metadata, encoder) and encodes it. `input` supplies the EXIF that `metadata: copyright`
 * copies; `watermark` the image a spec's watermark lays over the result.
 * @example const out = await finishRender(await openChecked(input, 1, limits), spec, input);
 */
export async function finishRender(
  opened: OpenedInput,
  spec: RenderSpec,
  input: RenderInput,
  watermark?: Uint8Array,
): Promise<Rendered> {
  const mark = watermarkFor(spec, watermark);
  const shape = (image: Pick<OpenedInput, 'pipeline' | 'frame'>) => shapeImage(image, spec, mark);
  // imgproxy's geometry runs frame by frame; sharp's own resize handles an animation whole.
  // What a still's pipeline keeps of its source, the frames keep by replacing the pixels of one
  // (a copy of the opened pipeline, which shapeFrames decodes, then: only when it is needed).
  // Keeping the profile, sharp works in the source's own colour numbers: the frames must too.
  const base = spec.keepIccProfile ? opened.pipeline.keepIccProfile() : opened.pipeline;
  const source = spec.metadata === 'keep' || spec.keepIccProfile ? base : undefined;
  const joined =
    spec.animated && opened.animation && (spec.geometry || spec.pixelPlan)
      ? await shapeFrames(
          source ? source.clone() : base,
          opened.frame,
          opened.animation,
          shape,
          source,
        )
      : undefined;
  let pipeline = joined ? joined.pipeline : await shape(opened);
  // keepIccProfile converts the result back into the source's profile when it is written.
  if (spec.keepIccProfile) pipeline = pipeline.keepIccProfile();
  else pipeline = pipeline.toColourspace('srgb');
  const finished = await applyMetadata(pipeline, spec, input);
  // Only a max_bytes fit encodes more than once, so only it clones: sharp's clone() copies the
  // input buffer (structuredClone), which for decoded pixels is megabytes per derivative.
  const { data, info } =
    spec.maxBytes && FITTABLE_FORMATS.has(spec.format)
      ? await encodeToFit(
          (quality) =>
            applyEncoder(finished.clone(), spec, quality, joined).toBuffer({
              resolveWithObject: true,
            }),
          spec.quality ?? DEFAULT_QUALITY,
          spec.maxBytes,
        )
      : await applyEncoder(finished, spec, spec.quality, joined).toBuffer({
          resolveWithObject: true,
        });
  return {
    data,
    width: info.width,
    height: joined?.frame.height ?? frameHeight(info, spec.animated),
  };
}

type WatermarkFor = (
  result: { width: number; height: number },
  dprScale: number,
) => Promise<OverlayOptions | undefined>;

/**
 * The spec's watermark as a layer for a result of a size, made at the first call only: every
 * frame of an animation has the same size. Undefined when the spec or the server has none.
 */
function watermarkFor(spec: RenderSpec, bytes: Uint8Array | undefined): WatermarkFor | undefined {
  const wanted = spec.watermark;
  if (!wanted || !bytes) return undefined;
  let layer: Promise<OverlayOptions | undefined> | undefined;
  return (result, dprScale) => (layer ??= watermarkLayer(result, wanted, bytes, dprScale));
}

/**
 * One image (a still, or one frame of an animation) as the spec shapes it: sized, filtered,
 * pixelated and watermarked, before colour, metadata and encoding.
 */
async function shapeImage(
  opened: Pick<OpenedInput, 'pipeline' | 'frame'>,
  spec: RenderSpec,
  mark: WatermarkFor | undefined,
): Promise<Sharp> {
  const geometry = spec.pixelPlan
    ? await planFromPixels(opened.pipeline, opened.frame, spec.pixelPlan)
    : spec.geometry;
  const shaped = await applyGeometry(opened, spec, geometry);
  let pipeline = filtered(shaped.pipeline, spec);
  const layers = shaped.layers;
  if (mark && geometry) {
    const layer = await mark(resultSize(geometry), geometry.dprScale ?? 1);
    if (layer) layers.push(layer);
  }
  // sharp composites once, after its resize and pad, whatever the order of the calls.
  if (layers.length) pipeline = pipeline.composite(layers);
  return pipeline;
}

/**
 * The spec's size: imgproxy's geometry, planned in advance or from the pixels now (pixelated
 * before its pad), or sharp's resize.
 */
async function applyGeometry(
  opened: Pick<OpenedInput, 'pipeline' | 'frame'>,
  spec: RenderSpec,
  geometry: ExactGeometry | undefined,
): Promise<{ pipeline: Sharp; layers: OverlayOptions[] }> {
  if (!geometry) return { pipeline: applyResize(opened.pipeline, spec, opened.frame), layers: [] };
  const pipeline = applyExactGeometry(opened.pipeline, geometry, spec.background);
  if (!spec.pixelate) return { pipeline, layers: [] };
  // imgproxy's filters: blur and sharpen, then pixelate, on the scaled image before its pad.
  const { pad, ...unpadded } = geometry;
  const scaled = applyExactGeometry(opened.pipeline.clone(), unpadded, spec.background);
  const blocks = await pixelate(filtered(scaled, spec), spec.pixelate);
  const { data, info } = await blocks.raw().toBuffer({ resolveWithObject: true });
  // The blocks replace the scaled original's pixels in a pipeline that is still the original's,
  // so the answer keeps its EXIF and ICC profile as an unpixelated one does.
  const layer: OverlayOptions = {
    input: data,
    raw: { width: info.width, height: info.height, channels: info.channels },
    left: pad?.left ?? 0,
    top: pad?.top ?? 0,
    blend: 'source',
  };
  return { pipeline, layers: [layer] };
}

/** Flatten (JPEG), sharpen and blur, as the spec asks. */
function filtered(pipeline: Sharp, spec: RenderSpec): Sharp {
  let out = pipeline;
  if (spec.format === 'jpeg') out = out.flatten({ background: spec.background });
  if (spec.sharpen) out = out.sharpen({ sigma: spec.sharpenSigma ?? 0.5 });
  if (spec.blur) out = out.blur(spec.blur);
  return out;
}

/** The size an exact geometry comes out at: the scaled image and its pad. */
function resultSize({ resize, pad }: ExactGeometry): { width: number; height: number } {
  return {
    width: resize.width + (pad ? pad.left + pad.right : 0),
    height: resize.height + (pad ? pad.top + pad.bottom : 0),
  };
}

/** An output's height as a derivative reports it: one frame's for an animation. */
function frameHeight(image: { height: number; pageHeight?: number }, animated: boolean): number {
  return animated && image.pageHeight ? image.pageHeight : image.height;
}

/**
 * A file rendered before (a cache file) as `render` would return it, sized as `finishRender`
 * sizes it; undefined when there is none or it cannot be read.
 * @example const found = await readRendered(path.join(cacheDir, file), spec.animated);
 */
export async function readRendered(file: string, animated: boolean): Promise<Rendered | undefined> {
  try {
    const data = await readFile(file);
    const meta = await sharp(data).metadata();
    return { data, width: meta.width, height: frameHeight(meta, animated) };
  } catch {
    return undefined;
  }
}

/**
 * Renders `input` as `spec` says: auto-oriented, sRGB, resized, encoded.
 * Throws an ImageError in plain words when the input cannot be decoded, and a RenderFailure
 * when it decodes but the render still failed.
 * @example const { data, width } = await render({ bytes, format: 'jpeg' }, spec, { pixelLimit: 100e6 });
 */
export async function render(
  input: RenderInput,
  spec: RenderSpec,
  options: RenderOptions,
): Promise<Rendered> {
  let opened: OpenedInput;
  try {
    opened = await openChecked(input, decodedPages(spec), options);
  } catch (error) {
    throw describeDecodeError(error, input.format);
  }
  const started = performance.now();
  try {
    return await finishRender(opened, spec, input, options.watermark);
  } catch (error) {
    // Refused in words by the render itself (a trimmed plan too large): already the image's.
    if (error instanceof ImageError) throw error;
    throw await renderFailure(error, input, decodedPages(spec), options, started);
  }
}

/**
 * Whose fault a failed render is. A decode error can surface only once pixels are computed
 * (a file cut short after a sound header), so the image is decoded again on its own: when that
 * fails too, or the render ran out of time, the image is to blame (ImageError); when it decodes,
 * the pipeline is (RenderFailure).
 */
async function renderFailure(
  error: unknown,
  input: RenderInput,
  pages: number,
  options: RenderOptions,
  started: number,
): Promise<Error> {
  const seconds = options.timeoutSeconds ?? 0;
  // libvips' own kill switch stopped it: typed here, so no caller reads libvips' words.
  if (seconds > 0 && performance.now() - started >= seconds * 1000) {
    return new RenderTimeoutError(seconds);
  }
  try {
    // stats() reads every pixel without holding the decoded image in memory.
    await (await openChecked(input, pages, options)).pipeline.stats();
  } catch (decodeError) {
    return describeDecodeError(decodeError, input.format);
  }
  return renderFailed(error, input.format);
}
