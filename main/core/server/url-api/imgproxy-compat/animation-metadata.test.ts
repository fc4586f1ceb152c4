/**
 * imgproxy keeps an animation's metadata as a still's: its frames are cut from the loaded image
 * and joined again (libvips's extract and arrayjoin carry the source's fields along), then the
 * same finalize steps run (processing/processing.go's colorspaceToResult and stripMetadata at
 * commit eef3b31): `strip_metadata`, `keep_copyright` and `strip_color_profile` act on an
 * animation as on a still. Asserted here as: an animated WebP answer carries the same EXIF
 * tags, XMP and ICC profile as the same URL's answer for a still WebP of its first frame with the
 * same metadata, and its first frame shows the same colours. (libvips writes an animation's
 * whole height as its EXIF PixelYDimension, in imgproxy's answers too, and the layout of EXIF's
 * own fields may differ: the tags that carry content are compared.)
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import exifReader from 'exif-reader';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { compatServerForFile } from './compat-server.js';

const WIDTH = 36;
const HEIGHT = 16;
const FRAMES = 3;
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ann</dc:creator></rdf:Description>' +
  '</rdf:RDF></x:xmpmeta>';

const compat = compatServerForFile();

/**
 * Blocks in colours inside sRGB's gamut (lossy WebP's errors grow where Display P3 numbers are
 * turned into sRGB at its edge), different in every frame.
 */
function framePixels(frame: number): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 3, 60);
  for (let i = 0; i < WIDTH * HEIGHT; i += 1) {
    const block = Math.floor((i % WIDTH) / 12) + frame;
    data[i * 3 + (block % 3)] = 200;
    data[i * 3 + ((block + 1) % 3)] = 60 + frame * 40;
  }
  return data;
}

/** EXIF (copyright, artist and software), XMP and a Display P3 profile on `image`. */
const withMetadata = (image: Sharp) =>
  image
    .withExif({ IFD0: { Copyright: 'Ann 2026', Artist: 'Ann', Software: 'frames' } })
    .withXmp(XMP)
    .withIccProfile('p3');

beforeAll(async () => {
  const dir = compat().sourceDir;
  const strip = Buffer.concat(Array.from({ length: FRAMES }, (_, frame) => framePixels(frame)));
  const raw = { width: WIDTH, height: HEIGHT * FRAMES, channels: 3, pageHeight: HEIGHT } as const;
  const animated = withMetadata(sharp(strip, { raw })).webp({ lossless: true });
  await writeFile(path.join(dir, 'animated.webp'), await animated.toBuffer());
  const first = sharp(framePixels(0), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
  await writeFile(
    path.join(dir, 'first.webp'),
    await withMetadata(first).webp({ lossless: true }).toBuffer(),
  );
});

/** The EXIF tags a picture's author writes, as the answer carries them. */
function authorTags(exif: Buffer | undefined) {
  const image = exif ? (exifReader(exif).Image ?? {}) : {};
  return { Copyright: image.Copyright, Artist: image.Artist, Software: image.Software };
}

async function answer(options: string, file: string) {
  const reply = await get(compat().server, `/unsafe/${options}/plain/local:///imgproxy/${file}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe('image/webp');
  const meta = await sharp(reply.body, { animated: true }).metadata();
  // The first frame's pixels, as the answer's profile says they look in sRGB (transparent black).
  const pixels = await sharp(reply.body)
    .toColourspace('srgb')
    .flatten()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { meta, pixels: pixels.data, width: pixels.info.width };
}

/**
 * The largest difference between two RGB images where `b` is flat (its 5 × 5 neighbourhood one
 * colour, give or take 4), and how many such pixels there are: lossy WebP's chroma subsampling smears colour
 * edges differently in an animation's encoder and a still's.
 */
function flatDifference(a: Buffer, b: Buffer, width: number) {
  const height = b.length / 3 / width;
  const at = (x: number, y: number, c: number) => b[(y * width + x) * 3 + c]!;
  let largest = 0;
  let compared = 0;
  for (let y = 2; y < height - 2; y += 1) {
    for (let x = 2; x < width - 2; x += 1) {
      let flat = true;
      for (let dy = -2; dy <= 2 && flat; dy += 1) {
        for (let dx = -2; dx <= 2 && flat; dx += 1) {
          for (let c = 0; c < 3; c += 1)
            flat &&= Math.abs(at(x + dx, y + dy, c) - at(x, y, c)) <= 4;
        }
      }
      if (!flat) continue;
      compared += 1;
      for (let c = 0; c < 3; c += 1) {
        largest = Math.max(largest, Math.abs(a[(y * width + x) * 3 + c]! - at(x, y, c)));
      }
    }
  }
  return { largest, compared };
}

describe("an animation answered as one keeps the metadata a still keeps (imgproxy's finalize)", () => {
  it.each([
    ['defaults: stripped, copyright kept, sRGB', 'pd:1'],
    ['strip_metadata:0', 'sm:0/pd:1'],
    ['strip_color_profile:0', 'scp:0/pd:1'],
    ['both, and keep_copyright:0', 'sm:0/scp:0/kcr:0/c:30:12'],
    ['both, padded', 'sm:0/scp:0/pd:3'],
  ])('%s (%s)', async (_, options) => {
    const animated = await answer(options, 'animated.webp');
    const still = await answer(options, 'first.webp');
    expect(animated.meta.pages).toBe(FRAMES);
    expect(authorTags(animated.meta.exif)).toEqual(authorTags(still.meta.exif));
    expect(animated.meta.xmp).toEqual(still.meta.xmp);
    expect(animated.meta.icc).toEqual(still.meta.icc);
    // Lossy WebP either way (up to 14 levels apart here); sRGB numbers taken for Display P3's
    // are 56 or more off. Nothing is scaled: a still WebP is shrunk as it loads, which an
    // animation's frames are not.
    const { largest, compared } = flatDifference(animated.pixels, still.pixels, still.width);
    expect(compared).toBeGreaterThan(20);
    expect(largest).toBeLessThanOrEqual(16);
  });

  it('keeps the EXIF, the XMP and the Display P3 profile themselves with sm:0/scp:0', async () => {
    const source = await sharp(path.join(compat().sourceDir, 'animated.webp')).metadata();
    const { meta } = await answer('sm:0/scp:0/pd:1', 'animated.webp');
    expect(meta.exif?.includes('frames')).toBe(true);
    expect(meta.xmp?.toString()).toContain('<dc:creator>Ann</dc:creator>');
    expect(meta.icc).toEqual(source.icc);
  });
});
