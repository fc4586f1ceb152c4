import { describe, expect, it } from 'vitest';
import { answeredFrames, checkSourceSize } from './source-size.js';

// imgproxy's CheckDimensions (security/checker.go at eef3b31) on a frame of 100 × 50 (5 000 pixels).
const FRAME = { width: 100, height: 50 };
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return { status: (error as { status: number }).status, message: (error as Error).message };
  }
  return undefined;
};

describe('checkSourceSize', () => {
  it('counts a still, and an animation frames × frame, against the source limit', () => {
    expect(refusal(() => checkSourceSize(FRAME, 1, { pixelLimit: 5000 }))).toBeUndefined();
    expect(refusal(() => checkSourceSize(FRAME, 1, { pixelLimit: 4999 }))).toEqual({
      status: 422,
      message: expect.stringMatching(/^100 × 50 is larger than/),
    });
    expect(refusal(() => checkSourceSize(FRAME, 3, { pixelLimit: 15_000 }))).toBeUndefined();
    expect(refusal(() => checkSourceSize(FRAME, 3, { pixelLimit: 14_999 }))).toEqual({
      status: 422,
      message: expect.stringMatching(/^3 frames of 100 × 50 are larger than/),
    });
  });

  it('with a frame limit, checks only each frame of an animation, against that limit', () => {
    const limits = { pixelLimit: 4000, framePixels: 5000 };
    expect(refusal(() => checkSourceSize(FRAME, 3, limits))).toBeUndefined();
    expect(refusal(() => checkSourceSize(FRAME, 3, { ...limits, framePixels: 4999 }))).toEqual({
      status: 422,
      message: expect.stringMatching(/^a frame of 100 × 50 is larger than the .* frame limit/),
    });
    // One frame is a still: the source limit applies.
    expect(refusal(() => checkSourceSize(FRAME, 1, limits))?.status).toBe(422);
  });
});

describe('answeredFrames', () => {
  it('is the frames an animation keeps, else one', () => {
    expect(answeredFrames({ animated: true, frames: 2 }, { pages: 5 })).toBe(2);
    expect(answeredFrames({ animated: true }, { pages: 5 })).toBe(5);
    expect(answeredFrames({ animated: false }, { pages: 5 })).toBe(1);
  });
});
