/**
 * imgproxy's rotate_and_flip_test.go, replayed: orientation-0…7.png hold the same pixels with
 * different EXIF orientations. With auto_rotate:0 every one gives the same answer for each
 * rotate/flip; with auto_rotate on they differ; and each rotate/flip differs from the next.
 * imgproxy compares perceptual hashes; here the decoded pixels are compared exactly.
 */
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { IMGPROXY_FIXTURES, compatServerForFile } from './compat-server.js';

const compat = compatServerForFile();

const IMAGES = Array.from({ length: 8 }, (_, i) => `orientation-${i}.png`);
const ROTATIONS_AND_FLIPS = [0, 90, 180, 270].flatMap((rotate) =>
  [false, true].flatMap((flipH) => [false, true].map((flipV) => ({ rotate, flipH, flipV }))),
);

/** The options imgproxy's test writes for one case. */
function options(c: { rotate: number; flipH: boolean; flipV: boolean }, autoRotate: boolean) {
  const parts = [
    c.rotate ? `rotate:${c.rotate}` : '',
    c.flipH || c.flipV ? `flip:${c.flipH ? 1 : ''}${c.flipV ? ':1' : ''}` : '',
    autoRotate ? '' : 'auto_rotate:0',
  ].filter(Boolean);
  return parts.length ? `${parts.join('/')}/` : '';
}

/** The decoded pixels of an answer, with its size, as one comparable string. */
async function pixels(image: string, opts: string): Promise<string> {
  const reply = await get(compat().server, `/unsafe/${opts}plain/local:///imgproxy/${image}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe('image/png');
  const { data, info } = await sharp(reply.body).raw().toBuffer({ resolveWithObject: true });
  return `${info.width}x${info.height}:${data.toString('base64')}`;
}

async function collect(image: string, autoRotate: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const c of ROTATIONS_AND_FLIPS) out.push(await pixels(image, options(c, autoRotate)));
  return out;
}

const consecutiveDiffer = (list: string[]) => list.slice(1).every((p, i) => p !== list[i]);

describe("imgproxy's rotate and flip tests (rotate_and_flip_test.go)", () => {
  it('TestOrientationAutoRotate: auto_rotate:0 gives one answer for all, auto_rotate:1 differs', async () => {
    const stored = await Promise.all(IMAGES.map((image) => pixels(image, 'auto_rotate:0/')));
    expect(new Set(stored).size).toBe(1);
    const upright = await Promise.all(IMAGES.map((image) => pixels(image, '')));
    expect(consecutiveDiffer(upright)).toBe(true);
  });

  it('TestRotateFlip: without auto-rotation every image turns alike, each turn differs', async () => {
    const all: string[][] = [];
    for (const image of IMAGES) all.push(await collect(image, false));
    for (const other of all.slice(1)) expect(other).toEqual(all[0]);
    for (const list of all) expect(consecutiveDiffer(list)).toBe(true);
  });

  it('TestRotateFlipAutoRotate: with auto-rotation no turn of another image equals image 0', async () => {
    const all: string[][] = [];
    for (const image of IMAGES) all.push(await collect(image, true));
    for (const other of all.slice(1)) {
      other.forEach((p, i) => expect(p, `case ${i}`).not.toBe(all[0]![i]));
    }
    for (const list of all) expect(consecutiveDiffer(list)).toBe(true);
  });

  it('rotate:90 then flip:1 is the turn then the mirror, as imgproxy orders them', async () => {
    const [raw, turned] = await Promise.all([
      sharp(path.join(IMGPROXY_FIXTURES, 'orientation-0.png'))
        .rotate(90)
        .raw()
        .toBuffer({ resolveWithObject: true }),
      pixels('orientation-0.png', 'rotate:90/flip:1/'),
    ]);
    // Mirror the turned source left to right by hand.
    const { width, height, channels } = raw.info;
    const mirrored = Buffer.alloc(raw.data.length);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const from = (y * width + (width - 1 - x)) * channels;
        raw.data.copy(mirrored, (y * width + x) * channels, from, from + channels);
      }
    }
    expect(turned).toBe(`${width}x${height}:${mirrored.toString('base64')}`);
  });
});
