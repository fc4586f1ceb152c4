import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { shapeFrames } from './animation-frames.js';
import { ImageError } from './image-error.js';

const WIDTH = 8;
const HEIGHT = 6;
const PAGES = 3;

/** An animation strip whose frame `page` is filled with the grey `page * 50 + 20`. */
function animation() {
  const data = Buffer.alloc(WIDTH * HEIGHT * PAGES * 3);
  for (let page = 0; page < PAGES; page += 1) {
    data.fill(page * 50 + 20, page * WIDTH * HEIGHT * 3, (page + 1) * WIDTH * HEIGHT * 3);
  }
  return sharp(data, { raw: { width: WIDTH, height: HEIGHT * PAGES, channels: 3 } });
}

const frame = { width: WIDTH, height: HEIGHT };
const halve = async ({ pipeline }: { pipeline: Sharp }) => pipeline.resize(4, 3);

describe('shapeFrames', () => {
  it('shapes every frame on its own and joins them, one result frame a page', async () => {
    const seen: number[] = [];
    const joined = await shapeFrames(
      animation(),
      frame,
      { delay: [10, 20, 30], loop: 5, pixelLimit: 1e6 },
      async (opened) => {
        expect(opened.frame).toEqual(frame);
        const { data } = await opened.pipeline.clone().raw().toBuffer({ resolveWithObject: true });
        seen.push(data[0]!);
        return halve(opened);
      },
    );
    expect(seen).toEqual([20, 70, 120]);
    expect(joined.frame).toEqual({ width: 4, height: 3 });
    expect([joined.delay, joined.loop]).toEqual([[10, 20, 30], 5]);
    const { data, info } = await joined.pipeline.raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([4, 9]);
    const firstOf = (page: number) => data[page * 4 * 3 * info.channels];
    expect([firstOf(0), firstOf(1), firstOf(2)]).toEqual([20, 70, 120]);
  });

  it("plays 40 ms a frame when the source lists no delays, and keeps one a frame (imgproxy's)", async () => {
    const none = await shapeFrames(
      animation(),
      frame,
      { delay: [], loop: 0, pixelLimit: 1e6 },
      halve,
    );
    expect(none.delay).toEqual([40, 40, 40]);
    const more = await shapeFrames(
      animation(),
      frame,
      { delay: [1, 2, 3, 4, 5], loop: 0, pixelLimit: 1e6 },
      halve,
    );
    expect(more.delay).toEqual([1, 2, 3]);
  });

  it('refuses a result whose frames together pass the pixel limit, and takes one at it', async () => {
    const facts = { delay: [], loop: 0, pixelLimit: 4 * 3 * PAGES };
    await expect(shapeFrames(animation(), frame, facts, halve)).resolves.toBeDefined();
    const over = shapeFrames(
      animation(),
      frame,
      { ...facts, pixelLimit: facts.pixelLimit - 1 },
      halve,
    );
    await expect(over).rejects.toBeInstanceOf(ImageError);
    await expect(over).rejects.toThrow('3 frames of 4 × 3 are larger than');
  });
});
