/**
 * imgproxy's trim tests (`processing/trim_test.go` at commit eef3b31, with its trim1–3.png),
 * replayed through a real keyless server, and the trim and smart crop planned from pixels in
 * the render: a trimmed image is then sized, cropped and turned as any other.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { fixture, meanDifference } from '../../../test-support/fixtures.js';
import { IMGPROXY_FIXTURES, compatServerForFile, largestDifference } from './compat-server.js';

const compat = compatServerForFile({ maxSize: 1000 });

async function answer(options: string, file: string) {
  const reply = await get(compat().server, `/unsafe/${options}/plain/local:///imgproxy/${file}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  const meta = await sharp(reply.body).metadata();
  return { reply, size: [meta.width, meta.height] };
}

describe("imgproxy's trim tests (trim_test.go)", () => {
  // The URLs imgproxy's OptionsBuilder writes: threshold, colour, equal_hor, equal_ver.
  it.each([
    ['trim:5', [320, 220]],
    ['trim:100', [290, 190]],
    ['trim:150', [260, 160]],
    ['trim:200', [230, 130]],
    ['trim:220', [200, 100]],
    ['trim:0:ff0000', [350, 250]],
    ['trim:5::1', [330, 220]],
    ['trim:5:::1', [320, 230]],
    ['trim:5::1:1', [330, 230]],
  ])('TestThreshold: %s on trim1.png → %j', async (options, size) => {
    expect((await answer(options, 'trim1.png')).size).toEqual(size);
  });

  it.each([
    ['trim:1', [200, 170]],
    ['trim:1:ff0000', [200, 170]],
    ['trim:1:0000ff', [200, 130]],
    ['trim:1:ffffff', [200, 200]],
  ])('TestColor: %s on trim2.png → %j', async (options, size) => {
    expect((await answer(options, 'trim2.png')).size).toEqual(size);
  });

  it('TestAlpha: trim:1:ff00ff on trim3.png → [200, 130] (transparency flattened onto magenta)', async () => {
    expect((await answer('trim:1:ff00ff', 'trim3.png')).size).toEqual([200, 130]);
  });
});

describe('trim before the plan', () => {
  it('plans the size on the trimmed image, and keeps what the trim kept', async () => {
    // trim:5 keeps 320 × 220 of trim1.png: fitting it into 160 × 160 gives 160 × 110.
    const fitted = await answer('trim:5/rs:fit:160:160', 'trim1.png');
    expect(fitted.size).toEqual([160, 110]);
    const alone = await answer('trim:5', 'trim1.png');
    const expected = await sharp(alone.reply.body).resize(160, 110, { fit: 'fill' }).toBuffer();
    expect(await meanDifference(fitted.reply.body, expected)).toBeLessThan(4);
    const untrimmed = await sharp(path.join(IMGPROXY_FIXTURES, 'trim1.png'))
      .resize(160, 110, { fit: 'fill' })
      .toBuffer();
    expect(await meanDifference(fitted.reply.body, untrimmed)).toBeGreaterThan(8);
    // Rotated after the trim: the trimmed image, turned.
    expect((await answer('trim:5/rot:90', 'trim1.png')).size).toEqual([220, 320]);
  });

  it('is part of the answer: a trimmed and an untrimmed URL are different results', async () => {
    const trimmed = await answer('trim:5/w:100', 'trim1.png');
    const whole = await answer('w:100', 'trim1.png');
    expect(trimmed.reply.headers.etag).not.toBe(whole.reply.headers.etag);
    expect([trimmed.size, whole.size]).toEqual([
      [100, 69],
      [100, 71],
    ]);
  });

  it('refuses malformed values with a reason, and a trimmed plan past --max-size with a 422', async () => {
    for (const [options, reason] of [
      ['trim:x', /trim threshold must be a number/],
      ['trim:5:red', /trim colour must be 3 or 6 hex digits/],
      ['trim:5::yes', /trim equal_hor must be/],
      ['trim:300', /trim threshold 300 is beyond the maximum of 255/],
      ['trim:1:2:3:4:5', /trim takes 1 to 4 argument/],
    ] as const) {
      const reply = await get(
        compat().server,
        `/unsafe/${options}/plain/local:///imgproxy/trim1.png`,
      );
      expect([reply.status, reply.body.toString()], options).toEqual([
        400,
        expect.stringMatching(reason),
      ]);
    }
    // 200 × 100 kept, enlarged to 800 high: 1600 wide, past this server's maximum of 1000.
    const tooLarge = await get(
      compat().server,
      '/unsafe/trim:220/rs:fit:0:800/el:1/plain/local:///imgproxy/trim1.png',
    );
    expect([tooLarge.status, tooLarge.body.toString()]).toEqual([
      422,
      expect.stringMatching(/1600 pixels wide or high, beyond the maximum of 1000/),
    ]);
    // An empty threshold turns trim off, as in imgproxy.
    expect((await answer('trim:5/trim:', 'trim1.png')).size).toEqual([350, 250]);
  });
});

describe('crop with smart gravity (libvips attention)', () => {
  /** A flat grey 300 × 200 image with one busy red square at 220,30. */
  async function busyCorner(): Promise<Buffer> {
    const noise = Buffer.alloc(40 * 40 * 3);
    for (let i = 0; i < noise.length; i += 3) {
      noise[i] = 200 + ((i * 7919) % 55);
      noise[i + 1] = (i * 104729) % 80;
      noise[i + 2] = (i * 1299709) % 60;
    }
    const square = await sharp(noise, { raw: { width: 40, height: 40, channels: 3 } })
      .png()
      .toBuffer();
    return sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } })
      .composite([{ input: square, left: 220, top: 30 }])
      .png()
      .toBuffer();
  }

  it('crops where libvips smartcrop crops, at the source scale, and planned on from there', async () => {
    const source = await busyCorner();
    await writeFile(path.join(compat().sourceDir, 'busy.png'), source);
    const { reply, size } = await answer('crop:80:80:sm', 'busy.png');
    expect(size).toEqual([80, 80]);
    const libvips = await sharp(source)
      .resize(80, 80, { fit: 'cover', position: 'attention', withoutReduction: true })
      .png()
      .toBuffer({ resolveWithObject: true });
    expect(-libvips.info.cropOffsetLeft!).toBeGreaterThan(150);
    expect(await largestDifference(reply.body, libvips.data)).toBe(0);
    // The crop's gravity falls back to the URL's gravity; then scaled as any crop.
    expect((await answer('crop:80:80/g:sm/w:40', 'busy.png')).reply.body).toEqual(
      (await answer('crop:80:80:sm/w:40', 'busy.png')).reply.body,
    );
    // Rotated: the same square, turned (the search turns with the image).
    const turned = await answer('crop:80:80:sm/rot:90', 'busy.png');
    const expected = await sharp(reply.body).rotate(90).toBuffer();
    expect(await largestDifference(turned.reply.body, expected)).toBe(0);
    const flipped = await answer('crop:80:80:sm/fl:1', 'busy.png');
    const mirrored = await sharp(reply.body).flop().toBuffer();
    expect(await largestDifference(flipped.reply.body, mirrored)).toBe(0);
  });

  it('smart-crops the trimmed image when both are asked for', async () => {
    const { size } = await answer('trim:5/crop:100:100:sm', 'trim1.png');
    expect(size).toEqual([100, 100]);
  });
});

// imgproxy's pipeline (processing.go) runs trim and crop before rotateAndFlip, which applies the
// EXIF orientation: borders and the smart crop are found in the image as stored. Each
// expectation is made here from the stored pixels (sharp without auto-orientation), then shown
// upright by libvips's own auto-orientation of a PNG that carries the orientation.
describe('trim and smart crop look at the image as stored (EXIF orientation)', () => {
  const SIDEWAYS = [5, 6, 7, 8];

  /** `box` of the stored pixels of `file`, shown upright as the orientation says. */
  async function uprightCut(
    file: string,
    box: { left: number; top: number; width: number; height: number },
    orientation: number,
  ): Promise<Buffer> {
    const cut = await sharp(file).extract(box).withMetadata({ orientation }).png().toBuffer();
    return sharp(cut, { autoOrient: true }).png().toBuffer();
  }

  /** Landscape_N's stored pixels with a 40-pixel white band on their stored left, as a PNG. */
  async function framedSource(orientation: number): Promise<string> {
    const file = path.join(compat().sourceDir, `framed-${orientation}.png`);
    await sharp(fixture(`Landscape_${orientation}.jpg`))
      .extend({ left: 40, background: '#ffffff' })
      .withMetadata({ orientation })
      .png()
      .toFile(file);
    return file;
  }

  /** What sharp's trim keeps of the stored pixels (flattened onto magenta, as imgproxy's). */
  async function storedTrim(file: string, threshold: number) {
    const { data, info } = await sharp(file)
      .flatten({ background: '#ff00ff' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const trimmed = await sharp(data, { raw: info })
      .trim({ threshold })
      .toBuffer({ resolveWithObject: true });
    const left = -trimmed.info.trimOffsetLeft!;
    const top = -trimmed.info.trimOffsetTop!;
    const { width, height } = trimmed.info;
    return { box: { left, top, width, height }, whole: { width: info.width, height: info.height } };
  }

  it.each(SIDEWAYS)(
    'Landscape_%i: t:10 cuts the band found on the stored left, shown upright',
    async (orientation) => {
      const file = await framedSource(orientation);
      const { box } = await storedTrim(file, 10);
      // The band and nothing else: the stored image's top-left pixel is the band's white.
      expect([box.left, box.width]).toEqual([40, 450]);
      const { reply } = await answer('t:10/f:png', path.basename(file));
      const expected = await uprightCut(file, box, orientation);
      expect(await largestDifference(reply.body, expected)).toBe(0);
    },
  );

  it('with ar:0 the trimmed stored pixels are the answer, unturned', async () => {
    const file = await framedSource(6);
    const { box } = await storedTrim(file, 10);
    const { reply } = await answer('ar:0/t:10/f:png', path.basename(file));
    const expected = await sharp(file).extract(box).png().toBuffer();
    expect(await largestDifference(reply.body, expected)).toBe(0);
  });

  it.each(SIDEWAYS)(
    'Landscape_%i: t:10::1 evens the stored left and right cuts (so keeps the band), not the upright ones',
    async (orientation) => {
      const file = await framedSource(orientation);
      const { box, whole } = await storedTrim(file, 10);
      // equal_hor on the stored rows: both sides are cut by the smaller cut (0 on the right).
      const side = Math.min(box.left, whole.width - box.left - box.width);
      const even = { ...box, left: side, width: whole.width - 2 * side };
      const { reply } = await answer('t:10::1/f:png', path.basename(file));
      const expected = await uprightCut(file, even, orientation);
      expect(await largestDifference(reply.body, expected)).toBe(0);
    },
  );

  it.each(SIDEWAYS)(
    'Landscape_%i: c:300:200:sm searches the stored image for a 200 × 300 crop',
    async (orientation) => {
      const name = `Landscape_${orientation}.jpg`;
      const file = path.join(compat().sourceDir, name);
      await copyFile(fixture(name), file);
      // Stored sideways: the 300 × 200 upright crop is 200 × 300 of the stored pixels.
      const { info } = await sharp(file)
        .resize(200, 300, { fit: 'cover', position: 'attention', withoutReduction: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const box = {
        left: -info.cropOffsetLeft!,
        top: -info.cropOffsetTop!,
        width: 200,
        height: 300,
      };
      const { reply, size } = await answer('c:300:200:sm/f:png', name);
      expect(size).toEqual([300, 200]);
      const expected = await uprightCut(file, box, orientation);
      expect(await largestDifference(reply.body, expected)).toBeLessThanOrEqual(1);
    },
  );
});
