/**
 * imgproxy's pixelate, max_bytes, strip_color_profile:0 and enforce_thumbnail through a real
 * server, on a noisy image (where blocks and byte budgets show) made here.
 */
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextQuality } from '../../../imaging/fit-bytes.js';
import { get } from '../../../test-support/url-api-server.js';
import { PROJECT_ROOT } from '../../../test-support/fixtures.js';
import { GEOMETRY_SOURCE, compatServerForFile } from './compat-server.js';

const compat = compatServerForFile();
const NOISE = 'local:///imgproxy/noise.png';
const NOISE_JPEG = 'local:///imgproxy/noise.jpg';
const P3 = 'local:///imgproxy/p3.jpg';

beforeAll(async () => {
  const noise = sharp({
    create: {
      width: 400,
      height: 300,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  });
  const dir = compat().sourceDir;
  await noise.clone().png().toFile(path.join(dir, 'noise.png'));
  await noise.clone().jpeg({ quality: 95 }).toFile(path.join(dir, 'noise.jpg'));
  await sharp(path.join(PROJECT_ROOT, 'fixtures/images/p3.png'))
    .jpeg()
    .keepIccProfile()
    .toFile(path.join(dir, 'p3.jpg'));
});

async function image(options: string, source: string, type = 'image/png'): Promise<Buffer> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${source}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe(type);
  return reply.body;
}

async function refused(options: string, reason: RegExp): Promise<void> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
  expect([reply.status, reply.body.toString()], options).toEqual([
    400,
    expect.stringMatching(reason),
  ]);
}

/** Whether every `size`×`size` block of a raw RGBA image from (`left`, `top`) is one colour. */
function blocksUniform(
  raw: { data: Buffer; info: OutputInfo },
  box: { left: number; top: number; width: number; height: number },
  size: number,
): boolean {
  const { data, info } = raw;
  const at = (x: number, y: number) => data.readUInt32BE((y * info.width + x) * 4);
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      const origin = at(
        box.left + Math.floor((x - box.left) / size) * size,
        box.top + Math.floor((y - box.top) / size) * size,
      );
      if (at(x, y) !== origin) return false;
    }
  }
  return true;
}

async function rgba(png: Buffer) {
  return sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('pixelate (pix)', () => {
  it('keeps the size and turns each block of the scaled image into one colour', async () => {
    const plain = await image('rs:fit:200:150', NOISE);
    const out = await image('rs:fit:200:150/pix:10', NOISE);
    const raw = await rgba(out);
    expect([raw.info.width, raw.info.height]).toEqual([200, 150]);
    expect(blocksUniform(raw, { left: 0, top: 0, width: 200, height: 150 }, 10)).toBe(true);
    expect(blocksUniform(await rgba(plain), { left: 0, top: 0, width: 200, height: 150 }, 10)).toBe(
      false,
    );
  });

  it('blocks start at the image, not the padding, and a last partial block is kept', async () => {
    const out = await image('rs:fit:195:146/pd:7/pix:10', NOISE);
    const raw = await rgba(out);
    expect([raw.info.width, raw.info.height]).toEqual([195 + 14, 146 + 14]);
    expect(blocksUniform(raw, { left: 7, top: 7, width: 195, height: 146 }, 10)).toBe(true);
  });

  it('keeps EXIF and the ICC profile as an unpixelated answer does (sm:0, scp:0)', async () => {
    const file = path.join(compat().sourceDir, 'exif-p3.jpg');
    await sharp({
      create: {
        width: 120,
        height: 80,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .withExif({ IFD0: { ImageDescription: 'pixelated but described' } })
      .withIccProfile('p3')
      .jpeg()
      .toFile(file);
    const source = await sharp(file).metadata();
    const url = 'local:///imgproxy/exif-p3.jpg';
    const kept = await sharp(await image('w:60/pix:5/sm:0/scp:0', url, 'image/jpeg')).metadata();
    expect(kept.icc?.equals(source.icc!)).toBe(true);
    expect(kept.exif?.includes('pixelated but described')).toBe(true);
    const raw = await rgba(await image('w:60/pix:5/sm:0/scp:0/f:png', url));
    expect([raw.info.width, raw.info.height]).toEqual([60, 40]);
    expect(blocksUniform(raw, { left: 0, top: 0, width: 60, height: 40 }, 5)).toBe(true);
    const stripped = await sharp(await image('w:60/pix:5', url, 'image/jpeg')).metadata();
    expect([stripped.icc, stripped.exif]).toEqual([undefined, undefined]);
  });

  it('pix:0 and pix:1 leave the image as it is', async () => {
    const plain = await image('rs:fit:200:150', NOISE);
    expect((await image('rs:fit:200:150/pix:1', NOISE)).equals(plain)).toBe(true);
    expect((await image('rs:fit:200:150/pixelate:0', NOISE)).equals(plain)).toBe(true);
  });

  it('refuses malformed sizes with a reason', async () => {
    await refused('pix:-1', /pixelate must be a whole number/);
    await refused('pix:big', /pixelate must be a whole number/);
    await refused('pix:10:2', /pixelate takes 1 argument/);
  });
});

describe('max_bytes (mb)', () => {
  it('lowers the quality as imgproxy does until the answer fits', async () => {
    const budget = 25_000;
    let quality = 80;
    let expected = await image(`q:${quality}`, NOISE_JPEG, 'image/jpeg');
    for (let next = nextQuality(quality, expected.length, budget); next !== undefined;) {
      quality = next;
      expected = await image(`q:${quality}`, NOISE_JPEG, 'image/jpeg');
      next = nextQuality(quality, expected.length, budget);
    }
    expect(quality).toBeLessThan(80);
    expect(expected.length).toBeLessThanOrEqual(budget);
    const fitted = await image(`mb:${budget}`, NOISE_JPEG, 'image/jpeg');
    expect(fitted.equals(expected)).toBe(true);
  });

  it('answers with the lowest attempt when no quality fits', async () => {
    const fitted = await image('mb:1/f:webp', NOISE_JPEG, 'image/webp');
    // 80 → 20 → 5: each attempt is over 3× the budget.
    expect(fitted.equals(await image('q:5/f:webp', NOISE_JPEG, 'image/webp'))).toBe(true);
  });

  it('leaves a format without quality (PNG) as it is, and mb:0 means no budget', async () => {
    const png = await image('w:100', NOISE);
    expect((await image('w:100/mb:100', NOISE)).equals(png)).toBe(true);
    const jpeg = await image('w:100', NOISE_JPEG, 'image/jpeg');
    expect((await image('w:100/max_bytes:0', NOISE_JPEG, 'image/jpeg')).equals(jpeg)).toBe(true);
  });

  it('refuses malformed budgets with a reason', async () => {
    await refused('mb:-5', /max_bytes must be a whole number/);
    await refused('mb:10000000000', /max_bytes/);
  });
});

describe('strip_color_profile (scp)', () => {
  it('scp:0 keeps the source profile; by default the answer is sRGB without one', async () => {
    const source = await sharp(path.join(compat().sourceDir, 'p3.jpg')).metadata();
    expect(source.icc).toBeDefined();
    const stripped = await sharp(await image('w:50', P3, 'image/jpeg')).metadata();
    expect(stripped.icc).toBeUndefined();
    const kept = await sharp(await image('w:50/scp:0', P3, 'image/jpeg')).metadata();
    expect(kept.icc?.equals(source.icc!)).toBe(true);
    expect(
      (await sharp(await image('w:50/scp:1', P3, 'image/jpeg')).metadata()).icc,
    ).toBeUndefined();
  });

  it('refuses a malformed value', async () => {
    await refused('scp:maybe', /strip_color_profile must be 1\/t\/true/);
  });
});

describe('enforce_thumbnail (eth)', () => {
  it('is accepted and changes nothing: no source here has an embedded thumbnail used', async () => {
    const plain = await image('w:100', GEOMETRY_SOURCE);
    expect((await image('w:100/eth:1', GEOMETRY_SOURCE)).equals(plain)).toBe(true);
    expect((await image('w:100/enforce_thumbnail:0', GEOMETRY_SOURCE)).equals(plain)).toBe(true);
    await refused('eth:sometimes', /enforce_thumbnail must be 1\/t\/true/);
  });
});
