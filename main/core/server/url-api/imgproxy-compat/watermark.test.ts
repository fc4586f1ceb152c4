/**
 * imgproxy's watermark tests (`processing/watermark_test.go` at commit eef3b31): geometry.png
 * is the watermark, as there, laid over a flat 400 × 300 image through a real keyless server.
 * imgproxy's cases assert that every position, offset, opacity and scale keeps the result's
 * size; here each placement is also compared, pixel for pixel, with the composite it should be.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, startUrlApi } from '../../../test-support/url-api-server.js';
import type { ConfiguredWatermark } from '../watermark-option.js';
import { GEOMETRY_PNG, compatServerForFile, largestDifference } from './compat-server.js';

const mark = readFileSync(GEOMETRY_PNG);
const configured = (bytes: Buffer, opacity = 1): ConfiguredWatermark => ({
  bytes,
  hash: createHash('sha256').update(bytes).digest('hex').slice(0, 32),
  opacity,
});

const compat = compatServerForFile({ watermark: configured(mark) });

const BASE = 'local:///imgproxy/base.png';
let base: Buffer;

beforeAll(async () => {
  base = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  await writeFile(path.join(compat().sourceDir, 'base.png'), base);
});

async function watermarked(options: string): Promise<Buffer> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${BASE}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe('image/png');
  const meta = await sharp(reply.body).metadata();
  expect([meta.width, meta.height]).toEqual([400, 300]);
  return reply.body;
}

/** The base with `input` laid over it at each place (parts outside cut off first). */
async function expected(
  places: { left: number; top: number; input?: Buffer }[],
  input = mark,
): Promise<Buffer> {
  const layers = [];
  for (const place of places) {
    const image = place.input ?? input;
    const { width, height } = await sharp(image).metadata();
    const cut = {
      left: Math.max(0, -place.left),
      top: Math.max(0, -place.top),
      width: Math.min(width, 400 - place.left) - Math.max(0, -place.left),
      height: Math.min(height, 300 - place.top) - Math.max(0, -place.top),
    };
    layers.push({
      input: await sharp(image).extract(cut).png().toBuffer(),
      left: Math.max(0, place.left),
      top: Math.max(0, place.top),
    });
  }
  return sharp(base).composite(layers).png().toBuffer();
}

describe("imgproxy's watermark tests (watermark_test.go): every position", () => {
  it.each([
    ['ce', 100, 100],
    ['no', 100, 0],
    ['so', 100, 200],
    ['ea', 200, 100],
    ['we', 0, 100],
    ['nowe', 0, 0],
    ['noea', 200, 0],
    ['sowe', 0, 200],
    ['soea', 200, 200],
  ])(
    'wm:1:%s lays the watermark at %i,%i, the result keeping its size',
    async (code, left, top) => {
      const body = await watermarked(`wm:1:${code}`);
      expect(await largestDifference(body, await expected([{ left, top }]))).toBeLessThanOrEqual(1);
    },
  );

  it('offsets move it (x from the centre and the east edge), and may push it partly out', async () => {
    const north = await watermarked('wm:1:no:50:50');
    expect(
      await largestDifference(north, await expected([{ left: 150, top: 50 }])),
    ).toBeLessThanOrEqual(1);
    const east = await watermarked('wm:1:ea:250');
    expect(
      await largestDifference(east, await expected([{ left: -50, top: 100 }])),
    ).toBeLessThanOrEqual(1);
  });

  it('re replicates it over the whole result, centred, odd tiles each way', async () => {
    // 400 × 300 over 200 × 100 tiles: 3 × 3 of them, 600 × 300, cut out from x = 100.
    const rows = [0, 100, 200].flatMap((top) => [-100, 100, 300].map((left) => ({ left, top })));
    expect(
      await largestDifference(await watermarked('wm:1:re'), await expected(rows)),
    ).toBeLessThanOrEqual(1);
  });

  it('scale fits it to that fraction of the result; opacity fades it; opacity 0 is no watermark', async () => {
    const small = await sharp(mark).resize(100, 75, { fit: 'inside' }).png().toBuffer();
    const scaled = await watermarked('wm:1:ce:0:0:0.25');
    expect(
      await largestDifference(scaled, await expected([{ left: 150, top: 126 }], small)),
    ).toBeLessThanOrEqual(2);
    const half = await watermarked('wm:0.5:nowe');
    const full = await expected([{ left: 0, top: 0 }]);
    // Halfway between the base and the full watermark.
    const fullDifference = await largestDifference(full, base);
    expect(fullDifference).toBeGreaterThan(60);
    const halfDifference = await largestDifference(half, base);
    expect(Math.abs(halfDifference - fullDifference / 2)).toBeLessThanOrEqual(2);
    const none = await get(compat().server, `/unsafe/wm:0:re/plain/${BASE}`);
    const plain = await get(compat().server, `/unsafe/plain/${BASE}`);
    expect(none.headers.etag).toBe(plain.headers.etag);
  });
});

describe('the watermark image is part of the result', () => {
  it('a changed watermark makes new results on the same library, never the old ones', async () => {
    const url = `/unsafe/wm:1:nowe/plain/${BASE}`;
    const first = await get(compat().server, url);
    const flipped = await sharp(mark).flop().png().toBuffer();
    const restarted = await startUrlApi(compat().library, {
      listenHost: '127.0.0.1',
      watermark: configured(flipped),
    });
    try {
      const second = await get(restarted, url);
      expect(second.status).toBe(200);
      expect(second.headers.etag).not.toBe(first.headers.etag);
      const wanted = await expected([{ left: 0, top: 0 }], flipped);
      expect(await largestDifference(second.body, wanted)).toBeLessThanOrEqual(1);
    } finally {
      await restarted.close();
    }
  });

  it("IMGPROXY_WATERMARK_OPACITY multiplies the URL's opacity", async () => {
    const faint = await startUrlApi(compat().library, {
      listenHost: '127.0.0.1',
      watermark: configured(mark, 0.5),
    });
    try {
      const reply = await get(faint, `/unsafe/wm:1:nowe/plain/${BASE}`);
      expect(await largestDifference(reply.body, await watermarked('wm:0.5:nowe'))).toBe(0);
    } finally {
      await faint.close();
    }
  });
});
