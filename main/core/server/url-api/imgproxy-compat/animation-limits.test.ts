/**
 * imgproxy's animation limits (security/config.go, security/checker.go and processing/processing.go
 * at commit eef3b31), as `serve` reads them from IMGPROXY_MAX_ANIMATION_FRAMES and
 * IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION:
 * - MaxAnimationFrames: an animation is answered with its first `min(pages, max)` frames; at 1 it
 *   is not processed as animated at all (`animated := MaxAnimationFrames() > 1 && IsAnimated()`):
 *   its first frame is a still, answered in any format a still may take (AVIF included).
 * - MaxAnimationFrameResolution: when set and more than one frame is processed, only each
 *   frame's width × height is checked (against it), in place of width × height × frames against
 *   MaxSrcResolution; with one frame, MaxSrcResolution applies as to any still.
 * Unset, Thumbdesk keeps every frame (imgproxy's default is 1: see docs/url-api.md).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import type { UrlApiOptions } from '../url-api.js';
import {
  ANIMATION,
  DELAYS,
  FRAMES,
  HEIGHT,
  LONG_ANIMATION,
  LOOP,
  WIDTH,
  framesOf,
  stillFrame,
  stillPixels,
  writeAnimationFixture,
} from './animation-fixture.js';
import { startCompatServer, type CompatServer } from './compat-server.js';

// Four frames of 48 × 36 are 6 912 pixels and five are 8 640: the five pass this limit.
const PIXEL_LIMIT = 7000;
const FRAME_PIXELS = WIDTH * HEIGHT;

/** A compat server with the animation written into its source, for the calling describe. */
function serverWith(options: Partial<UrlApiOptions>): () => CompatServer {
  let compat: CompatServer | undefined;
  beforeAll(async () => {
    compat = await startCompatServer({ pixelLimit: PIXEL_LIMIT, ...options });
    await writeAnimationFixture(compat.sourceDir);
  });
  afterAll(async () => {
    await compat?.close();
  });
  return () => compat!;
}

async function fetched(compat: CompatServer, urlPath: string, accept = '*/*') {
  const reply = await get(compat.server, urlPath, { accept });
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  return reply;
}

describe('IMGPROXY_MAX_ANIMATION_FRAMES above 1: the first frames only', () => {
  const compat = serverWith({ maxAnimationFrames: 2 });

  it('answers the first two frames, each as its still, with their delays and the loop count', async () => {
    const options = 'rs:fill:16:12/pd:1';
    const reply = await fetched(compat(), `/unsafe/${options}/plain/${ANIMATION}@gif`);
    const animated = await framesOf(reply.body);
    expect(animated.frames).toHaveLength(2);
    expect([animated.delay, animated.loop]).toEqual([DELAYS.slice(0, 2), LOOP]);
    for (const frame of [0, 1]) {
      const still = await fetched(compat(), `/unsafe/${options}/plain/${stillFrame(frame)}@png`);
      expect(animated.frames[frame]!.equals((await stillPixels(still.body)).data)).toBe(true);
    }
  });

  it('counts only the frames kept against the pixel limit (5 frames pass it, 2 do not)', async () => {
    const reply = await fetched(compat(), `/unsafe/rs:fit:16:16/plain/${LONG_ANIMATION}@webp`);
    const meta = await sharp(reply.body, { animated: true }).metadata();
    expect([meta.pages, meta.delay?.length]).toEqual([2, 2]);
  });
});

describe("IMGPROXY_MAX_ANIMATION_FRAMES=1 (imgproxy's default): the first frame, as a still", () => {
  const compat = serverWith({ maxAnimationFrames: 1, autoAvif: true });

  it('answers the first frame alone, in the source format when the URL names none', async () => {
    const options = 'rs:fill:16:12/g:so';
    const reply = await fetched(compat(), `/unsafe/${options}/plain/${ANIMATION}`);
    expect(reply.headers['content-type']).toBe('image/gif');
    const { frames } = await framesOf(reply.body);
    expect(frames).toHaveLength(1);
    const still = await fetched(compat(), `/unsafe/${options}/plain/${stillFrame(0)}@png`);
    expect(frames[0]!.equals((await stillPixels(still.body)).data)).toBe(true);
  });

  it('lets Accept choose AVIF, as for any still, and counts one frame against the limit', async () => {
    const reply = await fetched(compat(), `/unsafe/rs:fit:16:16/plain/${ANIMATION}`, 'image/avif');
    expect(reply.headers['content-type']).toBe('image/avif');
    const long = await fetched(compat(), `/unsafe/rs:fit:16:16/plain/${LONG_ANIMATION}@gif`);
    expect((await sharp(long.body, { animated: true }).metadata()).pages).toBe(1);
  });
});

describe('IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION: each frame in place of the frames together', () => {
  const atFrame = serverWith({ maxAnimationFramePixels: FRAME_PIXELS });
  const belowFrame = serverWith({ maxAnimationFramePixels: FRAME_PIXELS - 1 });

  it('answers every frame of an animation whose frames together pass IMGPROXY_MAX_SRC_RESOLUTION', async () => {
    const reply = await fetched(atFrame(), `/unsafe/rs:fit:16:16/plain/${LONG_ANIMATION}@gif`);
    expect((await framesOf(reply.body)).frames).toHaveLength(FRAMES + 1);
  });

  it('refuses (422) an animation whose frame is larger, but not its first frame as a still', async () => {
    const reply = await get(belowFrame().server, `/unsafe/rs:fit:16:16/plain/${ANIMATION}@gif`);
    expect(reply.status).toBe(422);
    expect(reply.body.toString()).toMatch(
      /^a frame of 48 × 36 is larger than the [\d.]+-megapixel frame limit/,
    );
    await fetched(belowFrame(), `/unsafe/rs:fit:16:16/plain/${ANIMATION}@png`);
  });
});
