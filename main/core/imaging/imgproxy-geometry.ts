/**
 * imgproxy's geometry, ported from its `processing/prepare.go`, `calc_position.go`, `crop.go`,
 * `extend.go` and `padding.go` (v4, commit eef3b31): how large the scaled image is, which part
 * of it is kept, and how it is extended and padded. The arithmetic, its rounding (Go's
 * half-away-from-zero and half-to-even) and its order are imgproxy's, so the same URL gives
 * the same size. The result is an exact plan for `applyExactGeometry`.
 */
import type { ExactGeometry, Box } from './exact-geometry.js';

/** imgproxy's resizing types (`rt`); `auto` is fill or fit by the orientations of both sides. */
export type ResizingType = 'fit' | 'fill' | 'fill-down' | 'force' | 'auto';

/** sharp's names for imgproxy's compass gravities. */
export type CompassPosition =
  | 'centre'
  | 'north'
  | 'south'
  | 'east'
  | 'west'
  | 'northeast'
  | 'northwest'
  | 'southeast'
  | 'southwest';

/** A gravity with imgproxy's offsets: pixels when |offset| ≥ 1, else a fraction of the size. */
export type PlanGravity =
  | { type: 'compass'; position: CompassPosition; x: number; y: number }
  | { type: 'smart'; strategy: 'attention' | 'entropy' }
  | { type: 'focal'; x: number; y: number };

export interface GeometryRequest {
  resizingType: ResizingType;
  /** 0: follow the other side (or the source). */
  width: number;
  height: number;
  dpr: number;
  enlarge: boolean;
  gravity: PlanGravity;
  /** Extend to the requested size, placed by this gravity; undefined: off. */
  extend?: PlanGravity | undefined;
  /** Extend to the requested aspect ratio only; undefined: off. */
  extendAspectRatio?: PlanGravity | undefined;
  zoom?: { x: number; y: number } | undefined;
  minWidth?: number | undefined;
  minHeight?: number | undefined;
  /** imgproxy's crop: pixels when ≥ 1, a fraction of the source below 1, 0 for all of it. */
  crop?: { width: number; height: number; gravity?: PlanGravity | undefined } | undefined;
  padding?: { top: number; right: number; bottom: number; left: number } | undefined;
  rotate?: 0 | 90 | 180 | 270 | undefined;
  flip?: { horizontal: boolean; vertical: boolean } | undefined;
  /** The EXIF orientation to undo (auto_rotate:0); undefined or 1 keeps the source upright. */
  undoOrientation?: number | undefined;
  /** Pad in the background colour rather than transparently (the URL set a background). */
  opaquePad?: boolean | undefined;
  /** The largest side the result may have; 0 or undefined: no limit. */
  maxResultDimension?: number | undefined;
}

/**
 * What only the pixels tell, found in the render before the plan is made (pixel-plan.ts): the
 * box a trim keeps, in the upright source, and where a smart crop sits, in the source turned
 * (and trimmed) as the plan turns it.
 */
export interface PixelFindings {
  trim?: Box | undefined;
  smartCrop?: { left: number; top: number } | undefined;
}

export interface GeometryPlan {
  geometry: ExactGeometry;
  width: number;
  height: number;
}

type CompassGravity = Extract<PlanGravity, { type: 'compass' }>;

/** imgproxy's default gravity. */
export const CENTRE: CompassGravity = { type: 'compass', position: 'centre', x: 0, y: 0 };

/** Go's math.Round: halves away from zero. */
function round(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/**
 * Go's math.RoundToEven: halves to the even neighbour.
 * @example roundToEven(2.5) === 2
 */
export function roundToEven(value: number): number {
  const r = round(value);
  return Math.abs(value % 1) === 0.5 && r % 2 !== 0 ? r - Math.sign(value) : r;
}

const scale = (a: number, by: number): number => (a === 0 ? 0 : round(a * by));
/**
 * imath.ScaleToEven: `a` times `by`, halves to even; 0 stays 0.
 * @example scaleToEven(200, 0.5) === 100
 */
export const scaleToEven = (a: number, by: number): number => (a === 0 ? 0 : roundToEven(a * by));
const shrinkToEven = (a: number, by: number): number => (a === 0 ? 0 : roundToEven(a / by));
const minNonZero = (a: number, b: number): number => (a === 0 ? b : b === 0 ? a : Math.min(a, b));

interface Context {
  dprScale: number;
  wScale: number;
  hScale: number;
  targetWidth: number;
  targetHeight: number;
  scaledWidth: number;
  scaledHeight: number;
  cropWidth: number;
  cropHeight: number;
  extendArWidth: number;
  extendArHeight: number;
}

function effectiveType(
  request: GeometryRequest,
  dstW: number,
  dstH: number,
  srcW: number,
  srcH: number,
): ResizingType {
  if (request.resizingType !== 'auto') return request.resizingType;
  const srcD = srcW - srcH;
  const dstD = dstW - dstH;
  return (srcD >= 0 && dstD >= 0) || (srcD < 0 && dstD < 0) ? 'fill' : 'fit';
}

/** prepare.go calcScale. */
function calcScale(
  srcW: number,
  srcH: number,
  request: GeometryRequest,
): Pick<Context, 'dprScale' | 'wScale' | 'hScale'> {
  let wshrink = 1;
  let hshrink = 1;
  const dstW = request.width || srcW;
  const dstH = request.height || srcH;
  if (dstW !== srcW) wshrink = srcW / dstW;
  if (dstH !== srcH) hshrink = srcH / dstH;
  if (wshrink !== 1 || hshrink !== 1) {
    const type = effectiveType(request, dstW, dstH, srcW, srcH);
    if (request.width === 0 && type !== 'force') wshrink = hshrink;
    else if (request.height === 0 && type !== 'force') hshrink = wshrink;
    else if (type === 'fit') wshrink = hshrink = Math.max(wshrink, hshrink);
    else if (type === 'fill' || type === 'fill-down')
      wshrink = hshrink = Math.min(wshrink, hshrink);
  }
  wshrink /= request.zoom?.x ?? 1;
  hshrink /= request.zoom?.y ?? 1;
  let dprScale = request.dpr;
  if (!request.enlarge) {
    const minShrink = Math.min(wshrink, hshrink);
    if (minShrink < 1) {
      wshrink /= minShrink;
      hshrink /= minShrink;
      // Without enlarging the box cannot be reached; imgproxy raises the DPR scale to keep
      // the composition, except when extending (the composition then stays the same at any DPR).
      if (!request.extend) dprScale /= minShrink;
    }
    dprScale = Math.min(dprScale, Math.min(wshrink, hshrink));
  }
  if (request.minWidth) {
    const minShrink = srcW / request.minWidth;
    if (minShrink < wshrink) {
      hshrink /= wshrink / minShrink;
      wshrink = minShrink;
    }
  }
  if (request.minHeight) {
    const minShrink = srcH / request.minHeight;
    if (minShrink < hshrink) {
      wshrink /= hshrink / minShrink;
      hshrink = minShrink;
    }
  }
  wshrink = Math.min(wshrink / dprScale, srcW);
  hshrink = Math.min(hshrink / dprScale, srcH);
  return { dprScale, wScale: 1 / wshrink, hScale: 1 / hshrink };
}

/** prepare.go calcSizes. */
function calcSizes(srcW: number, srcH: number, request: GeometryRequest, c: Context): void {
  c.targetWidth = scale(request.width, c.dprScale * (request.zoom?.x ?? 1));
  c.targetHeight = scale(request.height, c.dprScale * (request.zoom?.y ?? 1));
  c.scaledWidth = scale(srcW, c.wScale);
  c.scaledHeight = scale(srcH, c.hScale);
  c.cropWidth = c.targetWidth;
  c.cropHeight = c.targetHeight;
  if (request.resizingType === 'fill-down' && !request.enlarge) {
    const diffW = c.targetWidth / c.scaledWidth;
    const diffH = c.targetHeight / c.scaledHeight;
    if (diffW > diffH && diffW > 1) {
      c.cropHeight = scale(c.scaledWidth, c.targetHeight / c.targetWidth);
      c.cropWidth = c.scaledWidth;
    } else if (diffH > diffW && diffH > 1) {
      c.cropWidth = scale(c.scaledHeight, c.targetWidth / c.targetHeight);
      c.cropHeight = c.scaledHeight;
    }
  }
  c.extendArWidth = 0;
  c.extendArHeight = 0;
  if (request.extendAspectRatio && c.targetWidth > 0 && c.targetHeight > 0) {
    const outW = minNonZero(c.scaledWidth, c.cropWidth);
    const outH = minNonZero(c.scaledHeight, c.cropHeight);
    const diffW = c.targetWidth / outW;
    const diffH = c.targetHeight / outH;
    if (diffH > diffW) {
      c.extendArHeight = scale(outW, c.targetHeight / c.targetWidth);
      c.extendArWidth = outW;
    } else if (diffW > diffH) {
      c.extendArWidth = scale(outH, c.targetWidth / c.targetHeight);
      c.extendArHeight = outH;
    }
  }
}

function paddingOf(request: GeometryRequest, dprScale: number) {
  const p = request.padding ?? { top: 0, right: 0, bottom: 0, left: 0 };
  return {
    top: scaleToEven(p.top, dprScale),
    right: scaleToEven(p.right, dprScale),
    bottom: scaleToEven(p.bottom, dprScale),
    left: scaleToEven(p.left, dprScale),
  };
}

/** prepare.go limitScale: max_result_dimension. */
function limitScale(srcW: number, srcH: number, request: GeometryRequest, c: Context): void {
  const limit = request.maxResultDimension ?? 0;
  if (limit <= 0) return;
  let outW = minNonZero(c.scaledWidth, c.cropWidth);
  let outH = minNonZero(c.scaledHeight, c.cropHeight);
  if (request.extend) {
    outW = Math.max(outW, c.targetWidth);
    outH = Math.max(outH, c.targetHeight);
  } else if (request.extendAspectRatio) {
    outW = Math.max(outW, c.extendArWidth);
    outH = Math.max(outH, c.extendArHeight);
  }
  const pad = paddingOf(request, c.dprScale);
  outW += pad.left + pad.right;
  outH += pad.top + pad.bottom;
  if (outW <= limit && outH <= limit) return;
  const down = limit / Math.max(outW, outH);
  c.wScale = Math.max(c.wScale * down, 1 / srcW);
  c.hScale = Math.max(c.hScale * down, 1 / srcH);
  c.dprScale *= down;
  calcSizes(srcW, srcH, request, c);
}

/**
 * calc_position.go: where an `inner` box sits in an `outer` one under a gravity and its offsets;
 * with `allowOverflow` (a watermark) it may stick out by all but one pixel.
 * @example calcPosition(200, 100, 50, 50, { type: 'compass', position: 'east', x: 0, y: 0 }, 1) // { left: 150, top: 25 }
 */
export function calcPosition(
  width: number,
  height: number,
  innerWidth: number,
  innerHeight: number,
  gravity: PlanGravity,
  dpr: number,
  allowOverflow = false,
): { left: number; top: number } {
  let left: number;
  let top: number;
  if (gravity.type === 'focal') {
    left = scaleToEven(width, gravity.x) - Math.trunc(innerWidth / 2);
    top = scaleToEven(height, gravity.y) - Math.trunc(innerHeight / 2);
  } else {
    // Smart gravity never reaches here: its crops are libvips's, and extend refuses it.
    const g = gravity.type === 'compass' ? gravity : CENTRE;
    const offX = Math.abs(g.x) >= 1 ? roundToEven(g.x * dpr) : scaleToEven(width, g.x);
    const offY = Math.abs(g.y) >= 1 ? roundToEven(g.y * dpr) : scaleToEven(height, g.y);
    left = shrinkToEven(width - innerWidth + 1, 2) + offX;
    top = shrinkToEven(height - innerHeight + 1, 2) + offY;
    const p = g.position;
    if (p === 'north' || p === 'northeast' || p === 'northwest') top = offY;
    if (p === 'east' || p === 'northeast' || p === 'southeast') left = width - innerWidth - offX;
    if (p === 'south' || p === 'southeast' || p === 'southwest') top = height - innerHeight - offY;
    if (p === 'west' || p === 'northwest' || p === 'southwest') left = offX;
  }
  if (allowOverflow) {
    left = Math.max(1 - innerWidth, Math.min(left, width - 1));
    top = Math.max(1 - innerHeight, Math.min(top, height - 1));
  } else {
    left = Math.max(0, Math.min(left, width - innerWidth));
    top = Math.max(0, Math.min(top, height - innerHeight));
  }
  return { left, top };
}

/** prepare.go CalcCropSize: pixels from 1 up, a fraction of the side below 1, 0 for none. */
function cropSize(side: number, crop: number): number {
  if (crop === 0) return 0;
  if (crop >= 1) return Math.trunc(crop);
  return Math.max(1, scale(side, crop));
}

/** crop.go's pre-scale crop size and gravity; undefined when it keeps the whole source. */
function cropOf(
  srcW: number,
  srcH: number,
  request: GeometryRequest,
): { width: number; height: number; gravity: PlanGravity } | undefined {
  if (!request.crop) return undefined;
  const width = minNonZero(cropSize(srcW, request.crop.width), srcW);
  const height = minNonZero(cropSize(srcH, request.crop.height), srcH);
  if (width >= srcW && height >= srcH) return undefined;
  return { width, height, gravity: request.crop.gravity ?? request.gravity };
}

/** crop.go's pre-scale crop, as a region of the turned source. */
function cropRegion(
  srcW: number,
  srcH: number,
  request: GeometryRequest,
  smartCrop: PixelFindings['smartCrop'],
): Box {
  const crop = cropOf(srcW, srcH, request);
  if (!crop) return { left: 0, top: 0, width: srcW, height: srcH };
  const { width, height, gravity } = crop;
  if (gravity.type !== 'smart') {
    return { ...calcPosition(srcW, srcH, width, height, gravity, 1), width, height };
  }
  // request-spec.ts leaves such a plan to the render, which finds the crop first.
  if (!smartCrop) throw new Error('a smart crop is planned only once its pixels were seen');
  return { ...smartCrop, width, height };
}

/**
 * The smart crop (crop with `sm` gravity) a request leaves to the pixels of an upright `source`
 * of this size: its size, and the turn (rotation, then mirror) under which it is placed; or
 * undefined when the request has none.
 * @example pendingSmartCrop({ width: 200, height: 100 }, { ...request, crop: { width: 50, height: 50, gravity: SMART } }) // { width: 50, height: 50, turn }
 */
export function pendingSmartCrop(
  source: { width: number; height: number },
  request: GeometryRequest,
): { width: number; height: number; turn: ExactGeometry['turn'] } | undefined {
  const turn = turnOf(request);
  const [srcW, srcH] = turnedSize(source, turn);
  const crop = cropOf(srcW, srcH, request);
  return crop?.gravity.type === 'smart'
    ? { width: crop.width, height: crop.height, turn }
    : undefined;
}

/**
 * Where a box found in the source rotated as `turn` rotates it (not yet mirrored) sits once it is
 * mirrored too: the position `PixelFindings.smartCrop` takes.
 * @example mirroredPosition({ left: 10, top: 0, width: 50, height: 100 }, { flop: true, rotate: 0 }, { width: 200, height: 100 }) // { left: 140, top: 0 }
 */
export function mirroredPosition(
  box: Box,
  turn: ExactGeometry['turn'],
  frame: { width: number; height: number },
): { left: number; top: number } {
  // beforeMirror is its own inverse: the same reflection takes a box either way.
  const { left, top } = beforeMirror(box, turn, frame);
  return { left, top };
}

function turnedSize(
  source: { width: number; height: number },
  turn: ExactGeometry['turn'],
): [number, number] {
  return turn.rotate % 180 === 90 ? [source.height, source.width] : [source.width, source.height];
}

/**
 * `box` of an upright `frame`, in the frame turned clockwise by `rotate` degrees.
 * @example rotatedBox({ left: 0, top: 0, width: 10, height: 20 }, 90, { width: 200, height: 100 }) // { left: 80, top: 0, width: 20, height: 10 }
 */
export function rotatedBox(box: Box, rotate: Angle, frame: { width: number; height: number }): Box {
  const { left, top, width, height } = box;
  switch (rotate) {
    case 0:
      return box;
    case 90:
      return { left: frame.height - top - height, top: left, width: height, height: width };
    case 180:
      return { left: frame.width - left - width, top: frame.height - top - height, width, height };
    case 270:
      return { left: top, top: frame.width - left - width, width: height, height: width };
  }
}

/** Pads `inner` out to `outer` at the gravity's position (extend.go's embed). */
function embed(
  inner: { width: number; height: number },
  outer: { width: number; height: number },
  gravity: PlanGravity,
  dpr: number,
) {
  const width = Math.max(outer.width || inner.width, inner.width);
  const height = Math.max(outer.height || inner.height, inner.height);
  const { left, top } = calcPosition(width, height, inner.width, inner.height, gravity, dpr);
  return {
    size: { width, height },
    pad: { top, left, right: width - inner.width - left, bottom: height - inner.height - top },
  };
}

type Turn = ExactGeometry['turn'];
type Angle = Turn['rotate'];

const angle = (degrees: number): Angle => (((degrees % 360) + 360) % 360) as Angle;

/** How each EXIF orientation's upright image turns back into the stored one. */
const UNDO_ORIENTATION: Readonly<Record<number, Turn>> = {
  2: { flop: true, rotate: 0 },
  3: { flop: false, rotate: 180 },
  4: { flop: true, rotate: 180 },
  5: { flop: true, rotate: 270 },
  6: { flop: false, rotate: 270 },
  7: { flop: true, rotate: 90 },
  8: { flop: false, rotate: 90 },
};

/**
 * How an image shown upright (EXIF `orientation` applied) turns back into the one stored, in
 * sharp's terms (mirrored, then turned); undefined when it is stored upright.
 * @example storedTurn(6) // { flop: false, rotate: 270 }
 */
export function storedTurn(orientation: number | undefined): Turn | undefined {
  return orientation !== undefined && Object.hasOwn(UNDO_ORIENTATION, orientation)
    ? UNDO_ORIENTATION[orientation]
    : undefined;
}

/**
 * `box` of a stored image (`frame` its size) in the same image shown upright, where `stored`
 * (storedTurn) takes the upright image back to the stored one: the inverse turn, a rotation back
 * and then the mirror.
 * @example uprightBox({ left: 0, top: 0, width: 40, height: 600 }, storedTurn(6)!, { width: 450, height: 600 }) // { left: 0, top: 0, width: 600, height: 40 }
 */
export function uprightBox(box: Box, stored: Turn, frame: { width: number; height: number }): Box {
  const back = rotatedBox(box, angle(-stored.rotate), frame);
  if (!stored.flop) return back;
  const width = stored.rotate % 180 === 90 ? frame.height : frame.width;
  return { ...back, left: width - back.left - back.width };
}

/**
 * The whole turn: the orientation undone, then imgproxy's rotate, then its mirrors. A mirror
 * after a turn is the other mirror before it: R·F = F·R⁻¹, and V = R180·F.
 */
function turnOf(request: GeometryRequest): Turn {
  const undo = Object.hasOwn(UNDO_ORIENTATION, request.undoOrientation ?? 1)
    ? UNDO_ORIENTATION[request.undoOrientation!]!
    : { flop: false, rotate: 0 as Angle };
  let { flop, rotate } = { flop: undo.flop, rotate: undo.rotate + (request.rotate ?? 0) };
  if (request.flip?.horizontal) [flop, rotate] = [!flop, -rotate];
  if (request.flip?.vertical) [flop, rotate] = [!flop, 180 - rotate];
  return { flop, rotate: angle(rotate) };
}

/** A region of the turned image as sharp takes it: in the rotated frame, before the mirror. */
function beforeMirror(region: Box, turn: Turn, frame: { width: number; height: number }): Box {
  if (!turn.flop) return region;
  return turn.rotate % 180 === 0
    ? { ...region, left: frame.width - region.left - region.width }
    : { ...region, top: frame.height - region.top - region.height };
}

/**
 * The exact geometry imgproxy gives a `source` (upright, EXIF applied) for `request`.
 * @example planGeometry({ width: 200, height: 100 }, { resizingType: 'fill', width: 300, height: 50, dpr: 1, enlarge: false, gravity }) // 200×50
 */
export function planGeometry(
  source: { width: number; height: number },
  request: GeometryRequest,
  found: PixelFindings = {},
): GeometryPlan {
  const turn = turnOf(request);
  // imgproxy trims before anything else: the plan is the trimmed image's.
  const [srcW, srcH] = turnedSize(found.trim ?? source, turn);
  const region = cropRegion(srcW, srcH, request, found.smartCrop);
  const c = { ...calcScale(region.width, region.height, request) } as Context;
  calcSizes(region.width, region.height, request, c);
  limitScale(region.width, region.height, request, c);

  let size = { width: c.scaledWidth, height: c.scaledHeight };
  let kept = region;
  let strategy: 'attention' | 'entropy' | undefined;
  const cropW = minNonZero(c.cropWidth, c.scaledWidth);
  const cropH = minNonZero(c.cropHeight, c.scaledHeight);
  if ((c.cropWidth || c.cropHeight) && (cropW < c.scaledWidth || cropH < c.scaledHeight)) {
    if (request.gravity.type === 'smart') {
      strategy = request.gravity.strategy;
    } else {
      const at = calcPosition(
        c.scaledWidth,
        c.scaledHeight,
        cropW,
        cropH,
        request.gravity,
        c.dprScale,
      );
      kept = scaledBoxInRegion(region, size, { ...at, width: cropW, height: cropH });
    }
    size = { width: cropW, height: cropH };
  }

  const pad = { top: 0, right: 0, bottom: 0, left: 0 };
  const addPad = (step: ReturnType<typeof embed>) => {
    pad.top += step.pad.top;
    pad.left += step.pad.left;
    pad.right += step.pad.right;
    pad.bottom += step.pad.bottom;
    size = step.size;
  };
  if (request.extend && (c.targetWidth > size.width || c.targetHeight > size.height)) {
    addPad(
      embed(size, { width: c.targetWidth, height: c.targetHeight }, request.extend, c.dprScale),
    );
  }
  if (request.extendAspectRatio && c.extendArWidth > 0 && c.extendArHeight > 0) {
    if (c.extendArWidth > size.width || c.extendArHeight > size.height) {
      const target = { width: c.extendArWidth, height: c.extendArHeight };
      addPad(embed(size, target, request.extendAspectRatio, c.dprScale));
    }
  }
  const padding = paddingOf(request, c.dprScale);
  pad.top += padding.top;
  pad.right += padding.right;
  pad.bottom += padding.bottom;
  pad.left += padding.left;
  const width = size.width + padding.left + padding.right;
  const height = size.height + padding.top + padding.bottom;

  const resizeTo = strategy
    ? { width: cropW, height: cropH, strategy }
    : {
        width: kept === region ? c.scaledWidth : cropW,
        height: kept === region ? c.scaledHeight : cropH,
      };
  const whole = kept.left === 0 && kept.top === 0 && kept.width === srcW && kept.height === srcH;
  let sourceRegion = whole ? undefined : beforeMirror(kept, turn, { width: srcW, height: srcH });
  if (found.trim) {
    // The trimmed image, rotated, is this box of the rotated source; the mirror keeps it apart.
    const trimmed = rotatedBox(found.trim, turn.rotate, source);
    const inner = sourceRegion ?? { left: 0, top: 0, width: srcW, height: srcH };
    sourceRegion = { ...inner, left: trimmed.left + inner.left, top: trimmed.top + inner.top };
  }
  return {
    width,
    height,
    geometry: {
      turn,
      ...(sourceRegion ? { region: sourceRegion } : {}),
      resize: resizeTo,
      ...(pad.top + pad.right + pad.bottom + pad.left > 0
        ? { pad: { ...pad, opaque: request.opaquePad ?? false } }
        : {}),
      // Left out at 1, so that the spec (and the key) of a URL without a dpr stays as it was.
      ...(c.dprScale !== 1 ? { dprScale: c.dprScale } : {}),
    },
  };
}

/** A box of the scaled image as the region of the source it was scaled from. */
function scaledBoxInRegion(region: Box, scaled: { width: number; height: number }, box: Box): Box {
  const fx = region.width / scaled.width;
  const fy = region.height / scaled.height;
  const left = Math.min(region.left + Math.round(box.left * fx), region.left + region.width - 1);
  const top = Math.min(region.top + Math.round(box.top * fy), region.top + region.height - 1);
  const right = Math.min(
    region.left + region.width,
    Math.max(left + 1, region.left + Math.round((box.left + box.width) * fx)),
  );
  const bottom = Math.min(
    region.top + region.height,
    Math.max(top + 1, region.top + Math.round((box.top + box.height) * fy)),
  );
  return { left, top, width: right - left, height: bottom - top };
}
