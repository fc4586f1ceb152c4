import { describe, expect, it } from 'vitest';
import { encodeToFit, nextQuality } from './fit-bytes.js';

describe('nextQuality (imgproxy save_fit_bytes.go)', () => {
  it('lowers by a quarter, a half or three quarters as the answer is over 3×, 1.5× or less', () => {
    expect(nextQuality(80, 400_000, 100_000)).toBe(20);
    expect(nextQuality(80, 200_000, 100_000)).toBe(40);
    expect(nextQuality(80, 120_000, 100_000)).toBe(60);
    // Exactly 3× and 1.5× fall in the gentler step (imgproxy compares with >).
    expect(nextQuality(80, 300_000, 100_000)).toBe(40);
    expect(nextQuality(80, 150_000, 100_000)).toBe(60);
  });

  it('always lowers by one at least, never below 1', () => {
    expect(nextQuality(11, 100_001, 100_000)).toBe(8);
    expect(nextQuality(100, 100_001, 100_000)).toBe(75);
  });

  it('stops once the answer fits or an attempt was made at quality 10 or below', () => {
    expect(nextQuality(80, 100_000, 100_000)).toBeUndefined();
    expect(nextQuality(10, 900_000, 100_000)).toBeUndefined();
    expect(nextQuality(3, 900_000, 100_000)).toBeUndefined();
  });
});

describe('encodeToFit', () => {
  it('tries the qualities imgproxy tries and answers with the first that fits', async () => {
    const tried: number[] = [];
    const out = await encodeToFit(
      async (quality) => {
        tried.push(quality);
        return { data: Buffer.alloc(quality * 1000) };
      },
      80,
      30_000,
    );
    // 80 kB is 2.7× over: half (40); 40 kB is 1.33× over: three quarters (30), which fits.
    expect(tried).toEqual([80, 40, 30]);
    expect(out.data.length).toBe(30_000);
  });

  it('answers with the last attempt when nothing fits, after a bounded number of attempts', async () => {
    const tried: number[] = [];
    const out = await encodeToFit(
      async (quality) => {
        tried.push(quality);
        return { data: Buffer.alloc(1_000_000) };
      },
      100,
      10,
    );
    expect(tried).toEqual([100, 25, 6]);
    expect(out.data.length).toBe(1_000_000);
  });
});
