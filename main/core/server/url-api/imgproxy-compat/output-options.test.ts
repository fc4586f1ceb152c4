/**
 * imgproxy's output options through a real server: format_quality, keep_copyright with
 * strip_metadata (imgproxy keeps copyright by default); strip_color_profile is in
 * filters-and-output.test.ts.
 */
import exifReader from 'exif-reader';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { GEOMETRY_PNG, GEOMETRY_SOURCE, compatServerForFile } from './compat-server.js';

const compat = compatServerForFile();
beforeAll(async () => {
  await sharp(GEOMETRY_PNG)
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Jane Doe', Artist: 'Jane', Software: 'editor 1.0' } })
    .toFile(path.join(compat().sourceDir, 'signed.jpg'));
});

async function body(options: string, source = GEOMETRY_SOURCE): Promise<Buffer> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${source}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  return reply.body;
}

async function tags(options: string) {
  const { exif } = await sharp(await body(options, 'local:///imgproxy/signed.jpg')).metadata();
  return exif ? (exifReader(exif).Image ?? {}) : {};
}

describe('output options', () => {
  it('format_quality gives each format its quality; quality wins over it', async () => {
    const low = await body('w:150/fq:webp:5:jpg:95', `${GEOMETRY_SOURCE}@webp`);
    const high = await body('w:150/fq:webp:95', `${GEOMETRY_SOURCE}@webp`);
    expect(low.length).toBeLessThan(high.length * 0.8);
    const overridden = await body('w:150/q:95/fq:webp:5', `${GEOMETRY_SOURCE}@webp`);
    expect(overridden.equals(high)).toBe(true);
    const jpeg = await body('w:150/fq:webp:5:jpg:95', `${GEOMETRY_SOURCE}@jpg`);
    expect(jpeg.equals(await body('w:150/q:95', `${GEOMETRY_SOURCE}@jpg`))).toBe(true);
  });

  it('keeps copyright and artist by default, drops them with kcr:0, keeps all with sm:0', async () => {
    expect(await tags('w:100')).toMatchObject({ Copyright: 'Jane Doe', Artist: 'Jane' });
    expect(await tags('w:100')).not.toHaveProperty('Software');
    expect(await tags('w:100/kcr:0')).toEqual({});
    expect(await tags('w:100/sm:0')).toMatchObject({
      Copyright: 'Jane Doe',
      Software: 'editor 1.0',
    });
  });

  it('refuses malformed values with a reason', async () => {
    for (const [options, reason] of [
      ['fq:webp', /format:quality pairs/],
      ['fq:tiff:50', /"tiff" is not supported/],
      ['fq:webp:101', /maximum of 100/],
      ['kcr:maybe', /1\/t\/true/],
    ] as const) {
      const reply = await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
      expect([reply.status, reply.body.toString()], options).toEqual([
        400,
        expect.stringMatching(reason),
      ]);
    }
  });
});
