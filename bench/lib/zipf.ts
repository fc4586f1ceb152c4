/**
 * Zipf-distributed draws, the shape of real image traffic: a few URLs are asked for most of the
 * time and a long tail now and then. Rank k (1-based) has probability (1 / k^s) / H(n, s).
 */

/**
 * A sampler of 0-based ranks in [0, n): 0 the most popular. `random` gives numbers in [0, 1)
 * (a seeded one makes the sequence repeatable).
 * @example const draw = zipf(100, 1, seeded(7)); const rank = draw(); // 0 ≤ rank < 100
 */
export function zipf(n: number, s: number, random: () => number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1: ${n}`);
  if (!(s >= 0)) throw new RangeError(`s must be ≥ 0: ${s}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k += 1) {
    total += 1 / (k + 1) ** s;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    // The first rank whose cumulative weight exceeds the target.
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return low;
  };
}

/**
 * The probability of each 0-based rank under `zipf(n, s, …)`, for checking a sample or saying
 * what share of requests the top URLs should take.
 * @example zipfProbabilities(2, 1) // [0.666…, 0.333…]
 */
export function zipfProbabilities(n: number, s: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}
