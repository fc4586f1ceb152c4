/**
 * What imgproxy's geometry is asked for: the URL's options laid over a preset (the `pr:` one or
 * imgproxy's defaults), in the terms `planGeometry` reads.
 */
import type { Fit, Position, Preset } from '../../../../shared/preset.js';
import type { SourceFacts } from '../../imaging/render-spec.js';
import { CENTRE, type GeometryRequest, type PlanGravity } from '../../imaging/imgproxy-geometry.js';
import type { ProcessingOptions, ResizingType } from './processing-options.js';

/** A preset's fit as imgproxy's resizing type (contain is fit with extend). */
const RESIZING_FOR_FIT: Record<Fit, ResizingType> = {
  inside: 'fit',
  contain: 'fit',
  cover: 'fill',
  fill: 'force',
  // imgproxy has no "cover the box without cropping"; fill is the nearest.
  outside: 'fill',
};

function presetGravity(position: Position, facts: SourceFacts): PlanGravity {
  if (position === 'attention' || position === 'entropy') {
    return { type: 'smart', strategy: position };
  }
  if (position === 'focal') {
    return { type: 'focal', x: facts.focal?.x ?? 0.5, y: facts.focal?.y ?? 0.5 };
  }
  return { type: 'compass', position, x: 0, y: 0 };
}

function urlGravity(gravity: NonNullable<ProcessingOptions['gravity']>): PlanGravity {
  return gravity.type === 'smart' ? { type: 'smart', strategy: 'attention' } : gravity;
}

/**
 * The geometry request for `options` over `base`.
 * @example planGeometry(facts, geometryRequest(presetDefaults('url'), options, facts, row.orientation))
 */
export function geometryRequest(
  base: Preset,
  options: ProcessingOptions,
  facts: SourceFacts,
  orientation: number | undefined,
): GeometryRequest {
  const gravity = options.gravity
    ? urlGravity(options.gravity)
    : presetGravity(base.position, facts);
  const contain = options.resizingType === undefined && base.fit === 'contain';
  const extend = options.extend ?? contain;
  return {
    resizingType: options.resizingType ?? RESIZING_FOR_FIT[base.fit],
    width: options.width ?? base.width ?? 0,
    height: options.height ?? base.height ?? 0,
    dpr: options.dpr ?? 1,
    enlarge: options.enlarge ?? base.enlarge,
    gravity,
    extend: extend
      ? options.extendGravity
        ? urlGravity(options.extendGravity)
        : CENTRE
      : undefined,
    extendAspectRatio: options.extendAspectRatio
      ? options.extendAspectRatioGravity
        ? urlGravity(options.extendAspectRatioGravity)
        : CENTRE
      : undefined,
    crop: options.crop && {
      width: options.crop.width,
      height: options.crop.height,
      gravity: options.crop.gravity && urlGravity(options.crop.gravity),
    },
    padding: options.padding,
    rotate: options.rotate,
    flip: options.flip,
    undoOrientation: options.autoRotate === false ? orientation : undefined,
    zoom: options.zoom,
    minWidth: options.minWidth,
    minHeight: options.minHeight,
    maxResultDimension: options.maxResultDimension,
    opaquePad: options.background !== undefined,
  };
}
