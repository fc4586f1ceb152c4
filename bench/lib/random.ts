/**
 * Seeded randomness for benchmarks: the same inputs and the same request sequences on every
 * machine and every run, so that two runs differ only by what they measure.
 */

/**
 * A small seeded generator (mulberry32) of numbers in [0, 1).
 * @example const random = seeded(42); random(); // 0.6011…
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
