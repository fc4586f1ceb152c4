/**
 * imgproxy's max_bytes (processing/save_fit_bytes.go): encode, and while the answer is over the
 * budget, lower the quality by how far over it is, down to 10 at most. Each attempt lowers the
 * quality by at least one, so a render makes at most a handful of attempts (nine from 100).
 */

/** Lossy formats, whose quality max_bytes can lower (imgproxy's SupportsQuality). */
export const FITTABLE_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'webp', 'avif']);

// imgproxy stops lowering once an attempt was made at this quality or below.
const LOWEST_TRIED = 10;

/** imgproxy's imath.Scale: a whole number scaled and rounded. */
function scaled(quality: number, factor: number): number {
  return Math.round(quality * factor);
}

/**
 * The next quality to try after `size` bytes at `quality` missed `target`, or undefined when
 * imgproxy would stop and answer with what it has.
 * @example nextQuality(80, 400_000, 100_000) === 20
 */
export function nextQuality(quality: number, size: number, target: number): number | undefined {
  if (size <= target || quality <= LOWEST_TRIED) return undefined;
  const over = size / target;
  const factor = over > 3 ? 0.25 : over > 1.5 ? 0.5 : 0.75;
  return Math.max(1, Math.min(quality - 1, scaled(quality, factor)));
}

/**
 * Encodes with `encode` from `startQuality` down until the bytes fit `target` (imgproxy's
 * saveImageToFitBytes); returns the last attempt, which may still be over the budget.
 * @example const out = await encodeToFit((q) => encodeAt(q), 80, 20_000);
 */
export async function encodeToFit<T extends { data: Buffer }>(
  encode: (quality: number) => Promise<T>,
  startQuality: number,
  target: number,
): Promise<T> {
  let quality: number | undefined = startQuality;
  let encoded: T;
  do {
    encoded = await encode(quality);
    quality = nextQuality(quality, encoded.data.length, target);
  } while (quality !== undefined);
  return encoded;
}
