/**
 * The animation the compat tests answer: four frames of 48 × 36 in flat blocks, answered as GIF
 * at sizes of at most 256 pixels a frame, so that GIF's palette holds every colour and frames
 * can be compared exactly. Written into a compat server's source folder, with each frame as a
 * still PNG (as the GIF decodes it) and a five-frame `long.gif`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export const WIDTH = 48;
export const HEIGHT = 36;
export const FRAMES = 4;
export const DELAYS = [70, 80, 90, 100];
export const LOOP = 2;

export const ANIMATION = 'local:///imgproxy/animation.gif';
/** Five frames of the same size (no delays given). */
export const LONG_ANIMATION = 'local:///imgproxy/long.gif';
/** The URL source of frame `frame` of ANIMATION as a still PNG. */
export const stillFrame = (frame: number) => `local:///imgproxy/frame-${frame}.png`;

/** Blocks of 6 × 6 in colours that differ from block to block and from frame to frame. */
function framePixels(frame: number): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const block = Math.floor(x / 6) + 8 * Math.floor(y / 6);
      const at = (y * WIDTH + x) * 4;
      data[at] = (block * 37 + frame * 60) % 256;
      data[at + 1] = (block * 91 + frame * 25) % 256;
      data[at + 2] = (frame * 70 + x * 3) % 256;
      data[at + 3] = 255;
    }
  }
  return data;
}

/**
 * Writes animation.gif, long.gif and frame-0.png … frame-3.png into `dir`.
 * @example beforeAll(() => writeAnimationFixture(compat().sourceDir));
 */
export async function writeAnimationFixture(dir: string): Promise<void> {
  const strip = Buffer.concat(Array.from({ length: FRAMES }, (_, frame) => framePixels(frame)));
  const raw = { width: WIDTH, height: HEIGHT * FRAMES, channels: 4, pageHeight: HEIGHT } as const;
  const gif = await sharp(strip, { raw }).gif({ delay: DELAYS, loop: LOOP }).toBuffer();
  await writeFile(path.join(dir, 'animation.gif'), gif);
  const longer = Buffer.concat([strip, framePixels(FRAMES)]);
  const long = { ...raw, height: HEIGHT * (FRAMES + 1) };
  await writeFile(path.join(dir, 'long.gif'), await sharp(longer, { raw: long }).gif().toBuffer());
  const decoded = await sharp(gif, { animated: true }).raw().toBuffer({ resolveWithObject: true });
  const bytes = WIDTH * HEIGHT * decoded.info.channels;
  for (let frame = 0; frame < FRAMES; frame += 1) {
    const pixels = decoded.data.subarray(frame * bytes, (frame + 1) * bytes);
    const image = sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } });
    await writeFile(path.join(dir, `frame-${frame}.png`), await image.png().toBuffer());
  }
}

/** RGBA pixels, with every transparent pixel's colour zeroed: a GIF keeps none for them. */
function comparable(data: Buffer): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i += 4) if (out[i + 3] === 0) out.fill(0, i, i + 3);
  return out;
}

/**
 * The frames of an animated answer, as comparable RGBA pixels each, and how it plays.
 * @example expect((await framesOf(body)).frames).toHaveLength(FRAMES);
 */
export async function framesOf(body: Buffer) {
  const meta = await sharp(body, { animated: true }).metadata();
  const { data, info } = await sharp(body, { animated: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pageHeight = meta.pageHeight ?? meta.height;
  const bytes = info.width * pageHeight * 4;
  const frames = Array.from({ length: meta.pages ?? 1 }, (_, page) =>
    comparable(data.subarray(page * bytes, (page + 1) * bytes)),
  );
  return { frames, width: info.width, pageHeight, delay: meta.delay, loop: meta.loop };
}

/**
 * A still answer's pixels, comparable with a frame of `framesOf`.
 * @example expect(frames[0].equals((await stillPixels(body)).data)).toBe(true);
 */
export async function stillPixels(body: Buffer) {
  const { data, info } = await sharp(body)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: comparable(data), width: info.width, height: info.height };
}
