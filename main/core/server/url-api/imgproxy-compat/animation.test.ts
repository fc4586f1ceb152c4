/**
 * imgproxy's animations (transformAnimated in processing/processing.go at commit eef3b31): one
 * plan on one frame's size, run on every frame, and the frames joined again with the result's
 * page height, the delays and the loop count. imgproxy's own animated cases
 * (`TestWatermarkAnimation`) use a GIF of its test-images repository, which is not vendored here;
 * its definition is asserted instead: every frame of an animated answer shows the pixels the
 * same URL gives for that frame as a still image. The animation is made here: four frames of
 * 48 × 36 in flat blocks, answered as GIF at sizes of at most 256 pixels a frame, so that GIF's
 * palette holds every colour and the comparison can be exact.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import {
  ANIMATION,
  DELAYS,
  FRAMES,
  LONG_ANIMATION,
  LOOP,
  framesOf,
  stillFrame,
  stillPixels as pixelsOf,
  writeAnimationFixture,
} from './animation-fixture.js';
import { GEOMETRY_PNG, compatServerForFile } from './compat-server.js';

// Four frames of 48 × 36 are 6 912 pixels: under this limit, while 4 frames of 60 × 40 are not.
const PIXEL_LIMIT = 7000;

const mark = readFileSync(GEOMETRY_PNG);
const compat = compatServerForFile({
  pixelLimit: PIXEL_LIMIT,
  watermark: {
    bytes: mark,
    hash: createHash('sha256').update(mark).digest('hex').slice(0, 32),
    opacity: 1,
  },
});

beforeAll(() => writeAnimationFixture(compat().sourceDir));

async function fetched(options: string, source: string, format: string): Promise<Buffer> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${source}@${format}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe(`image/${format}`);
  return reply.body;
}

async function stillPixels(options: string, frame: number) {
  return pixelsOf(await fetched(options, stillFrame(frame), 'png'));
}

describe('an animation answered as one: every frame as the same URL renders it as a still', () => {
  it.each([
    ['fill at a gravity', 'rs:fill:16:12:0/g:so'],
    ['fit, extended with an offset gravity (transparent pad)', 'rs:fit:14:14/ex:1:no:1:2'],
    ['crop at an offset, rotate, flip and padding', 'c:14:10:nowe:3:2/rot:90/fl:1:0/pd:1:2:3:0'],
    ['force with enlarge past the frame, then a crop', 'rs:force:60:8:1/c:15:8:ea'],
    ['a smart (attention) fill, searched in every frame', 'rs:fill:12:12/g:sm'],
    ['crop with smart gravity, searched in every frame', 'c:24:24:sm/rs:fit:12:12'],
    ['blur and sharpen', 'rs:fit:16:16/bl:1/sh:1'],
    ['pixelate', 'rs:fit:16:12/pix:4'],
    ['watermark at an offset and a scale', 'rs:fit:16:12/wm:0.5:soea:1:1:0.5'],
    ['replicated watermark', 'rs:fit:16:12/wm:0.7:re:0:0:0.25'],
  ])('%s (%s)', async (_, options) => {
    const animated = await framesOf(await fetched(options, ANIMATION, 'gif'));
    expect(animated.frames).toHaveLength(FRAMES);
    expect(animated.delay).toEqual(DELAYS);
    expect(animated.loop).toBe(LOOP);
    for (let frame = 0; frame < FRAMES; frame += 1) {
      const expected = await stillPixels(options, frame);
      expect([animated.width, animated.pageHeight]).toEqual([expected.width, expected.height]);
      expect(animated.frames[frame]!.equals(expected.data), `frame ${frame}`).toBe(true);
    }
  });

  it('frames differ from one another (a single frame repeated would not show it)', async () => {
    const { frames } = await framesOf(await fetched('rs:fit:16:12', ANIMATION, 'gif'));
    expect(new Set(frames.map((f) => f.toString('hex'))).size).toBe(FRAMES);
  });

  it('ignores trim, as imgproxy does on an animation', async () => {
    const trimmed = await framesOf(await fetched('t:10/rs:fit:16:16', ANIMATION, 'gif'));
    const plain = await framesOf(await fetched('rs:fit:16:16', ANIMATION, 'gif'));
    expect(trimmed.frames).toEqual(plain.frames);
  });

  it('keeps frames, delays and loop count in WebP too, and the page height of the result', async () => {
    const body = await fetched('rs:fill:20:10/pd:2', ANIMATION, 'webp');
    const meta = await sharp(body, { animated: true }).metadata();
    expect([meta.pages, meta.width, meta.pageHeight]).toEqual([FRAMES, 24, 14]);
    expect([meta.delay, meta.loop]).toEqual([DELAYS, LOOP]);
  });
});

describe("an animation's frames count together against the pixel limit (imgproxy's)", () => {
  it('renders a source whose frames fit, and refuses (422) a result whose frames do not', async () => {
    const reply = await get(compat().server, `/unsafe/rs:force:60:40:1/plain/${ANIMATION}@gif`);
    expect(reply.status).toBe(422);
    expect(reply.body.toString()).toContain('4 frames of 60 × 40 are larger than');
    // The first frame alone, as a still, is well within it.
    expect(
      (await get(compat().server, `/unsafe/rs:force:60:40:1/plain/${ANIMATION}@png`)).status,
    ).toBe(200);
  });

  it('refuses (422) a source whose frames together pass it, and serves its first frame', async () => {
    const source = LONG_ANIMATION;
    const reply = await get(compat().server, `/unsafe/rs:fit:16:16/plain/${source}@gif`);
    expect(reply.status).toBe(422);
    expect(reply.body.toString()).toContain('5 frames of 48 × 36 are larger than');
    expect((await get(compat().server, `/unsafe/rs:fit:16:16/plain/${source}@png`)).status).toBe(
      200,
    );
  });
});
