/**
 * imgproxy's processing size tests, replayed through a real keyless server: every case asks
 * for geometry.png (200 × 100) as imgproxy's suite does and must get imgproxy's size, a 200 and
 * the source's content type (PNG: the URL names no format).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { meanDifference } from '../../../test-support/fixtures.js';
import { GEOMETRY_PNG, GEOMETRY_SOURCE, compatServerForFile } from './compat-server.js';
import { OPTION_SIZE_CASES, SIZE_CASES, sizeCaseOptions } from './processing-cases.js';

const compat = compatServerForFile();

describe("imgproxy's processing tests (processing_test.go)", () => {
  it.each(SIZE_CASES.map((c) => [sizeCaseOptions(c), c.out] as const))(
    '/unsafe/%s → %j',
    async (options, [width, height]) => {
      const reply = await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
      expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
      expect(reply.headers['content-type']).toBe('image/png');
      const meta = await sharp(reply.body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', width, height]);
    },
  );
});

describe("imgproxy's crop, extend and padding tests", () => {
  it.each(OPTION_SIZE_CASES)('%s: /unsafe/%s → %j', async (_suite, options, [width, height]) => {
    const reply = await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
    expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    const meta = await sharp(reply.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', width, height]);
  });

  it('crop_test TestCropGravityPriority: the crop takes gravity, and its own gravity first', async () => {
    const body = async (options: string) =>
      (await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`)).body;
    const byGravity = await body('crop:50:50/gravity:no');
    expect((await sharp(byGravity).metadata()).height).toBe(50);
    expect(byGravity.equals(await body('crop:50:50:no'))).toBe(true);
    expect(byGravity.equals(await body('crop:50:50:no/gravity:so'))).toBe(true);
    expect(byGravity.equals(await body('crop:50:50:so'))).toBe(false);
  });
});

describe('offsets move what imgproxy moves', () => {
  const body = async (options: string) => {
    const reply = await get(compat().server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('g:no::5 crops the 100 × 50 scaled image from 5 pixels down; g:so from the bottom', async () => {
    const scaled = sharp(GEOMETRY_PNG).resize(100, 50, { fit: 'fill' });
    const at = (top: number) =>
      scaled.clone().extract({ left: 0, top, width: 100, height: 26 }).png().toBuffer();
    const offset = await body('rs:fill:100:26/g:no::5');
    expect(await meanDifference(offset, await at(5))).toBeLessThan(4);
    expect(await meanDifference(offset, await at(0))).toBeGreaterThan(8);
    expect(await meanDifference(await body('rs:fill:100:26/g:so'), await at(24))).toBeLessThan(4);
  });

  it('extend:1:no::5 places the image 5 pixels from the top, centred, on transparency', async () => {
    const { data, info } = await sharp(await body('width:500/height:500/extend:1:no::5'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3];
    expect([info.width, info.height, info.channels]).toEqual([500, 500, 4]);
    expect([alpha(250, 4), alpha(250, 5), alpha(250, 104), alpha(250, 105)]).toEqual([
      0, 255, 255, 0,
    ]);
    expect([alpha(149, 50), alpha(150, 50), alpha(349, 50), alpha(350, 50)]).toEqual([
      0, 255, 255, 0,
    ]);
  });
});
