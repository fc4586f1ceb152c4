/**
 * The benchmark's input sets, made once under bench/work/inputs and reused while complete.
 * Copies of one photo are made byte-distinct (a JPEG comment segment each) so that no tool can
 * skip work because two files share a content hash.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { fixture } from '../../main/core/test-support/fixtures.js';
import { makeFixtures } from '../../main/core/test-support/made-fixtures.js';
import { seeded } from './random.js';

export { fixture, makeFixtures };

export const WORK = fileURLToPath(new URL('../work', import.meta.url));
/** The 2725 × 2225 photo, made at run time (fixtures/README.md): call makeFixtures() first. */
export const PHOTO = fixture('photo-2725x2225.jpg');

/**
 * The fixtures every contender can decode: orientations, CMYK, 16-bit TIFF and PNG, P3, alpha,
 * WebP, GIF (first frame) and AVIF. Left out on purpose: the truncated, corrupt and bomb files
 * (they measure refusal, not throughput) and SVG (a vector has no "width of the original").
 * Some are made at run time (fixtures/README.md says which and why).
 */
export const MIXED_FIXTURES = [
  'grey16-alpha-icc.png',
  'photo-2725x2225.jpg',
  'still.webp',
  'cmyk-profile.jpg',
  'cmyk-no-profile.jpg',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`Landscape_${n}.jpg`, `Portrait_${n}.jpg`]),
  'alpha-premultiply-2048x1536-paper.png',
  'animated-loop-3.gif',
  'animated-loop-3.webp',
  'concert.jpg',
  'flowers.jpeg',
  'full-transparent.png',
  'p3.png',
  'rotating-squares.gif',
  'yuv444.avif',
  'tbgn2c16.png',
  'rgb16-wide-gamut.tiff',
];

export interface InputSet {
  name: string;
  dir: string;
  /** Absolute paths, sorted. */
  files: string[];
}

/** The same JPEG with a comment segment right after SOI: decodes identically, hashes apart. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const header = Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * A set made by `make` into its own folder, reused when a previous run completed it.
 * @example const set = await inputSet('mixed', (dir) => copyFile(a, path.join(dir, 'a.jpg')));
 */
async function inputSet(name: string, make: (dir: string) => Promise<void>): Promise<InputSet> {
  const dir = path.join(WORK, 'inputs', name);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    await makeFixtures();
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await make(dir);
    await writeFile(marker, new Date().toISOString());
  }
  return { name, dir, files: await listFiles(dir) };
}

/** `count` byte-distinct copies of the 2725 × 2225 photo. */
export function photoCopies(count: number): Promise<InputSet> {
  return inputSet(`photo-x${count}`, async (dir) => {
    const photo = await readFile(PHOTO);
    for (let i = 0; i < count; i += 1) {
      const name = `photo-${String(i).padStart(3, '0')}.jpg`;
      await writeFile(path.join(dir, name), withComment(photo, `bench copy ${i}`));
    }
  });
}

/** The decodable fixtures, copied (a link out of the source would not be followed). */
export function mixedSet(): Promise<InputSet> {
  return inputSet('mixed', async (dir) => {
    for (const name of MIXED_FIXTURES) {
      await copyFile(fixture(name), path.join(dir, name));
    }
  });
}

/** `count` tiny real JPEGs, 100 to a folder, for the no-change rescan. */
export function smallFiles(count: number): Promise<InputSet> {
  return inputSet(`small-x${count}`, async (dir) => {
    const tiny = await sharp(PHOTO).resize(48).jpeg({ quality: 70 }).toBuffer();
    for (let i = 0; i < count; i += 1) {
      const folder = path.join(dir, `d${String(Math.floor(i / 100)).padStart(3, '0')}`);
      if (i % 100 === 0) await mkdir(folder, { recursive: true });
      const file = path.join(folder, `f${String(i).padStart(5, '0')}.jpg`);
      await writeFile(file, withComment(tiny, `small ${i}`));
    }
  });
}

/** `count` different 5472 × 3648 (20-megapixel) photographic JPEGs at quality 90. */
export function twentyMegapixel(count: number): Promise<InputSet> {
  return inputSet(`20mp-x${count}`, async (dir) => {
    for (let i = 0; i < count; i += 1) {
      await sharp(PHOTO)
        .resize(5472, 3648, { fit: 'fill' })
        .modulate({ hue: i * 17 })
        .jpeg({ quality: 90 })
        .toFile(path.join(dir, `big-${String(i).padStart(2, '0')}.jpg`));
    }
  });
}

/** The real photographs in fixtures/images that distinct bench photos are made from. */
const PHOTO_SOURCES = ['Landscape_1.jpg', 'Portrait_1.jpg', 'concert.jpg'];

/**
 * `count` distinct photographic JPEGs of 1.3 to 5 megapixels (quality 90), made deterministically
 * from the repository's real photos: each is its own crop (60–100 % of a side, at its own
 * offset), mirrored or not, hue- and brightness-shifted, scaled to its own size and given its own
 * film grain, so no two share pixels and each compresses like a photo rather than a smooth
 * upscale. The repository holds no 96 distinct real photos of that size with terms that let it
 * ship them; this is the honest stand-in, and bench/README.md says so.
 */
export function distinctPhotos(count: number): Promise<InputSet> {
  return inputSet(`distinct-x${count}`, async (dir) => {
    for (let i = 0; i < count; i += 1) {
      const random = seeded(1000 + i);
      const source = fixture(PHOTO_SOURCES[i % PHOTO_SOURCES.length]!);
      const meta = await sharp(source).metadata();
      const cw = Math.round(meta.width * (0.6 + 0.4 * random()));
      const ch = Math.round(meta.height * (0.6 + 0.4 * random()));
      const left = Math.floor((meta.width - cw) * random());
      const top = Math.floor((meta.height - ch) * random());
      const megapixels = 1.3e6 + (3.7e6 * i) / Math.max(1, count - 1);
      const width = Math.round(Math.sqrt((megapixels * cw) / ch));
      const height = Math.round((width * ch) / cw);
      const grain = Buffer.alloc(width * height);
      for (let p = 0; p < grain.length; p += 1) grain[p] = 128 + Math.round((random() - 0.5) * 40);
      const base = sharp(source)
        .extract({ left, top, width: cw, height: ch })
        .flop(i % 2 === 1)
        .modulate({ hue: Math.round(random() * 40 - 20), brightness: 0.9 + 0.2 * random() })
        .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
        .toColourspace('srgb')
        .removeAlpha();
      const pixels = await base.raw().toBuffer({ resolveWithObject: true });
      await sharp(pixels.data, { raw: pixels.info })
        .composite([{ input: grain, raw: { width, height, channels: 1 }, blend: 'overlay' }])
        .jpeg({ quality: 90 })
        .toFile(path.join(dir, `distinct-${String(i).padStart(3, '0')}.jpg`));
    }
  });
}
