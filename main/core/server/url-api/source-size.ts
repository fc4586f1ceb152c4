/**
 * imgproxy's source size check (CheckDimensions in its security/checker.go), made before anything
 * is rendered: a still's pixels, or an animation's frames together, against
 * IMGPROXY_MAX_SRC_RESOLUTION; with IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION set, an animation's
 * frame alone against that instead.
 */
import { overFrameLimit, pixelLimitError } from '../../imaging/image-error.js';
import { decodedPages } from '../../imaging/render.js';
import type { RenderSpec, SourceFacts } from '../../imaging/render-spec.js';
import { UrlApiError } from './url-api-error.js';

/**
 * How many frames an answer decodes: every frame the spec keeps of an animation, else one.
 * @example answeredFrames({ animated: true, frames: 3 }, { pages: 10 }) === 3
 */
export function answeredFrames(
  spec: Pick<RenderSpec, 'animated' | 'frames'>,
  facts: Pick<SourceFacts, 'pages'>,
): number {
  const pages = decodedPages(spec);
  return pages < 0 ? facts.pages : pages;
}

/**
 * Throws a 422 UrlApiError, in words, for a source imgproxy's limits refuse: `pixelLimit`
 * (IMGPROXY_MAX_SRC_RESOLUTION under the library's own) and `framePixels`
 * (IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION, which replaces the frames' count for animations).
 * @example checkSourceSize({ width: 200, height: 100 }, 4, { pixelLimit: 50e6 }) // passes
 */
export function checkSourceSize(
  frame: Pick<SourceFacts, 'width' | 'height'>,
  frames: number,
  limits: { pixelLimit: number; framePixels?: number | undefined },
): void {
  const { width, height } = frame;
  const { pixelLimit, framePixels } = limits;
  if (frames > 1 && framePixels) {
    if (width * height > framePixels) {
      throw new UrlApiError(422, overFrameLimit(width, height, framePixels).message);
    }
    return;
  }
  const over = pixelLimitError(width, height, frames, pixelLimit);
  if (over) throw new UrlApiError(422, over.message);
}
