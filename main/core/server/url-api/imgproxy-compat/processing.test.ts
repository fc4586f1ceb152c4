/**
 * imgproxy's processing size tests, replayed through a real keyless server: every case asks
 * for geometry.png (200 × 100) as imgproxy's suite does and must get imgproxy's size, a 200 and
 * the source's content type (PNG: the URL names no format).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { GEOMETRY_SOURCE, startCompatServer, type CompatServer } from './compat-server.js';
import { SIZE_CASES, sizeCaseOptions } from './processing-cases.js';

let compat: CompatServer;
beforeAll(async () => {
  compat = await startCompatServer();
});
afterAll(async () => {
  await compat?.close();
});

describe("imgproxy's processing tests (processing_test.go)", () => {
  it.each(SIZE_CASES.map((c) => [sizeCaseOptions(c), c.out] as const))(
    '/unsafe/%s → %j',
    async (options, [width, height]) => {
      const reply = await get(compat.server, `/unsafe/${options}/plain/${GEOMETRY_SOURCE}`);
      expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
      expect(reply.headers['content-type']).toBe('image/png');
      const meta = await sharp(reply.body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', width, height]);
    },
  );
});
