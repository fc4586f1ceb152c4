/**
 * Fixture images made with sharp at run time rather than shipped, because the files they stand
 * in for may not be shipped with an MIT project (non-commercial or no-derivatives terms) or have
 * terms nobody could establish (fixtures/README.md lists which, and why). Each one is made from a
 * shipped fixture of known terms, or from nothing, so it carries no terms but the project's.
 *
 * They are made once per machine (per recipe and sharp version) into MADE_FIXTURES, before the
 * tests run (vitest's globalSetup) or a benchmark starts; `fixture(name)` then points there.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURES, MADE_FIXTURES } from './fixture-dirs.js';
import { encodeRgb16Tiff } from './rgb16-tiff.js';

/** Every made fixture starts from this photo (MIT, recurser/exif-orientation-examples). */
const SOURCE = path.join(FIXTURES, 'Landscape_1.jpg');

/** A 16-bit grey picture, mostly transparent: a diagonal ramp with faint alpha in a disc. */
async function greyAlpha16(): Promise<Buffer> {
  const [width, height] = [160, 120];
  const samples = new Uint16Array(width * height * 2);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 2;
      // Grey levels that are not multiples of 257, so 8 bits could not hold them.
      samples[i] = Math.round(((x + y) / (width + height)) * 40_000) + 1;
      const inDisc = (x - 80) ** 2 + (y - 60) ** 2 < 45 ** 2;
      samples[i + 1] = inDisc ? 1500 + ((x * 37 + y * 11) % 500) : 0;
    }
  }
  // A Uint16Array (not its bytes) tells sharp the samples are 16-bit.
  return sharp(samples, { raw: { width, height, channels: 2 } })
    .toColourspace('grey16')
    .withIccProfile('sgrey')
    .png()
    .toBuffer();
}

/** Linear sRGB to linear Display P3 (both D65; the two share the sRGB transfer curve). */
const SRGB_TO_P3 = [
  [0.8224621, 0.177538, 0],
  [0.0331941, 0.9668058, 0],
  [0.0170827, 0.0723974, 0.9105199],
] as const;
const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const fromLinear = (v: number) => (v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055);

/**
 * A 16-bit RGB TIFF holding Display P3 numbers, with the P3 profile that says so: read as if
 * its numbers were sRGB, it looks washed out.
 */
async function wideGamutTiff(): Promise<Buffer> {
  const { data, info } = await sharp(SOURCE)
    .resize(320)
    .toColourspace('rgb16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const srgb = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  const samples = new Uint16Array(srgb.length);
  for (let i = 0; i < srgb.length; i += 3) {
    const linear = [0, 1, 2].map((c) => toLinear(srgb[i + c]! / 65535));
    for (const [c, row] of SRGB_TO_P3.entries()) {
      const v = row[0] * linear[0]! + row[1] * linear[1]! + row[2] * linear[2]!;
      samples[i + c] = Math.round(fromLinear(v) * 65535);
    }
  }
  // libvips's built-in Display P3 profile, as sharp embeds it in an 8-bit image.
  const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('p3')
    .png()
    .toBuffer();
  const { icc } = await sharp(tagged).metadata();
  return encodeRgb16Tiff({ width: info.width, height: info.height, samples, icc: icc! });
}

/** The CMYK JPEG with an embedded CMYK profile, EXIF and a copyright line. */
function cmykWithProfile(): Promise<Buffer> {
  return sharp(SOURCE)
    .resize(500)
    .withIccProfile('cmyk')
    .withExif({ IFD0: { Copyright: 'Thumbdesk test fixture' } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const RECIPES = {
  /** A large baseline JPEG (shrink-on-load applies); the benchmarks' photo. */
  'photo-2725x2225.jpg': () =>
    sharp(SOURCE)
      .resize(2725, 2225, { fit: 'cover' })
      .jpeg({ quality: 90, progressive: false })
      .toBuffer(),
  /** A still, lossy WebP. */
  'still.webp': () =>
    sharp(SOURCE).resize(1024, 772, { fit: 'cover' }).webp({ quality: 80 }).toBuffer(),
  'cmyk-profile.jpg': cmykWithProfile,
  /** The same CMYK numbers with no profile at all. */
  'cmyk-no-profile.jpg': async () =>
    sharp(await cmykWithProfile(), { ignoreIcc: true })
      .toColourspace('cmyk')
      .jpeg({ quality: 90 })
      .toBuffer(),
  'rgb16-wide-gamut.tiff': wideGamutTiff,
  /** An AVIF with full-resolution chroma (4:4:4). */
  'yuv444.avif': () =>
    sharp(SOURCE).avif({ chromaSubsampling: '4:4:4', quality: 60, effort: 2 }).toBuffer(),
  'grey16-alpha-icc.png': greyAlpha16,
  /** A JPEG cut after 10,000 bytes: the header reads, the scan data stops. */
  'truncated.jpg': async () => (await readFile(SOURCE)).subarray(0, 10_000),
  /** A 320 × 240 PNG cut after 10,000 bytes. */
  'truncated.png': async () =>
    (await sharp(SOURCE).resize(320, 240).png().toBuffer()).subarray(0, 10_000),
} satisfies Record<string, () => Promise<Buffer>>;

/** The name of a fixture made at run time. */
export type MadeFixture = keyof typeof RECIPES;

/**
 * Whether `name` is made at run time rather than shipped.
 * @example isMadeFixture('yuv444.avif') // true
 */
export function isMadeFixture(name: string): name is MadeFixture {
  return Object.hasOwn(RECIPES, name);
}

/**
 * Makes every made fixture missing from MADE_FIXTURES and returns that folder. Safe to run from
 * several processes at once: each file is written under a unique name, then renamed into place.
 * @example const dir = await makeFixtures();
 */
export async function makeFixtures(): Promise<string> {
  await mkdir(MADE_FIXTURES, { recursive: true });
  for (const [name, make] of Object.entries(RECIPES)) {
    const target = path.join(MADE_FIXTURES, name);
    if (existsSync(target)) continue;
    const partial = `${target}.${randomUUID()}.partial`;
    await writeFile(partial, await make());
    await rename(partial, target);
  }
  return MADE_FIXTURES;
}
