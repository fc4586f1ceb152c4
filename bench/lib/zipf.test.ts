import { describe, expect, it } from 'vitest';
import { seeded } from './random.js';
import { zipf, zipfProbabilities } from './zipf.js';

function histogram(n: number, s: number, draws: number, seed = 1): number[] {
  const draw = zipf(n, s, seeded(seed));
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i += 1) counts[draw()]! += 1;
  return counts;
}

describe('zipf', () => {
  it('draws each rank as often as its probability says (chi-square, 1 % level)', () => {
    const n = 50;
    const draws = 200_000;
    const counts = histogram(n, 1, draws);
    const expected = zipfProbabilities(n, 1).map((p) => p * draws);
    const chiSquare = counts.reduce((sum, c, k) => sum + (c - expected[k]!) ** 2 / expected[k]!, 0);
    // The 99th percentile of chi-square with 49 degrees of freedom is 74.9.
    expect(chiSquare).toBeLessThan(74.9);
  });

  it('puts rank 0 first and halves rank 1 at s = 1', () => {
    const counts = histogram(10, 1, 100_000);
    expect(Math.max(...counts)).toBe(counts[0]);
    expect(counts[1]! / counts[0]!).toBeCloseTo(0.5, 1);
  });

  it('is uniform at s = 0 and stays within [0, n)', () => {
    const counts = histogram(4, 0, 40_000);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40_000);
  });

  it('repeats its sequence for a seed', () => {
    const first = zipf(1000, 1.1, seeded(9));
    const second = zipf(1000, 1.1, seeded(9));
    const a = Array.from({ length: 100 }, first);
    expect(Array.from({ length: 100 }, second)).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(10);
  });

  it('refuses an empty set and a negative exponent', () => {
    expect(() => zipf(0, 1, Math.random)).toThrow(RangeError);
    expect(() => zipf(5, -1, Math.random)).toThrow(RangeError);
  });
});

describe('zipfProbabilities', () => {
  it('sums to 1 and follows 1 / k^s', () => {
    const p = zipfProbabilities(3, 2);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]! / p[2]!).toBeCloseTo(9, 12);
  });
});
