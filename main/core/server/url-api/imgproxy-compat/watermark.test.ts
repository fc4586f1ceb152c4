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
// The base inside a 50-pixel white frame that trim cuts off.
const FRAMED = 'local:///imgproxy/framed.png';
const GREY = '#808080';
let base: Buffer;

/** A flat grey image: the base, and the base scaled, are all of this colour. */
const grey = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: GREY } })
    .png()
    .toBuffer();

beforeAll(async () => {
  base = await grey(400, 300);
  await writeFile(path.join(compat().sourceDir, 'base.png'), base);
  const framed = sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
    .composite([{ input: await grey(300, 200), left: 50, top: 50 }])
    .png();
  await framed.toFile(path.join(compat().sourceDir, 'framed.png'));
});

async function watermarked(options: string, size = [400, 300], source = BASE): Promise<Buffer> {
  const reply = await get(compat().server, `/unsafe/${options}/plain/${source}`);
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  expect(reply.headers['content-type']).toBe('image/png');
  const meta = await sharp(reply.body).metadata();
  expect([meta.width, meta.height]).toEqual(size);
  return reply.body;
}

/** `onto` (the base) with `input` laid over it at each place (parts outside cut off first). */
async function expected(
  places: { left: number; top: number; input?: Buffer }[],
  input = mark,
  onto = base,
): Promise<Buffer> {
  const size = await sharp(onto).metadata();
  const layers = [];
  for (const place of places) {
    const image = place.input ?? input;
    const { width, height } = await sharp(image).metadata();
    const cut = {
      left: Math.max(0, -place.left),
      top: Math.max(0, -place.top),
      width: Math.min(width, size.width - place.left) - Math.max(0, -place.left),
      height: Math.min(height, size.height - place.top) - Math.max(0, -place.top),
    };
    layers.push({
      input: await sharp(image).extract(cut).png().toBuffer(),
      left: Math.max(0, place.left),
      top: Math.max(0, place.top),
    });
  }
  return sharp(onto).composite(layers).png().toBuffer();
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

// imgproxy's watermark step multiplies pixel offsets by its context's DprScale (watermark.go:
// applyWatermark(..., c.DprScale, 1)), which prepare.go's calcScale limits: without enlarge,
// DprScale = min(dpr, the shrink the size asks for), so a dpr past what the source holds moves
// nothing further. The expectations below follow that arithmetic by hand on the 400 × 300 base.
describe("offsets scale by imgproxy's DprScale, not the URL's dpr", () => {
  it.each([
    // No size: shrink 1, so DprScale = min(3, 1) = 1 and the offsets stay 10, 5.
    ['dpr:3/wm:1:nowe:10:5', [400, 300], 10, 5],
    // Width 200: shrink 2, DprScale = min(3, 2) = 2, the source kept whole; offsets 20, 10.
    ['rs:fit:200:0/dpr:3/wm:1:nowe:10:5', [400, 300], 20, 10],
    // With enlarge the dpr is reached: 600 × 450 and offsets 30, 15.
    ['rs:fit:200:0/dpr:3/el:1/wm:1:nowe:10:5', [600, 450], 30, 15],
    // DprScale 1.5 (300 × 225): 7.5 and 4.5, halves to even as Go's RoundToEven, 8 and 4.
    ['rs:fit:200:0/dpr:1.5/wm:1:nowe:5:3', [300, 225], 8, 4],
  ])('%s: %j, the watermark at %i,%i', async (options, size, left, top) => {
    const body = await watermarked(options, size);
    const wanted = await expected([{ left, top }], mark, await grey(size[0]!, size[1]!));
    expect(await largestDifference(body, wanted)).toBeLessThanOrEqual(1);
  });

  it('replicate spacing too: 5 and 3 at DprScale 1.5 pad the tile by 8 and 4 (RoundToEven)', async () => {
    // 300 × 225 over 208 × 104 tiles (the watermark padded 4 + 4 and 2 + 2): 3 × 3 of them,
    // 624 × 312, cut out centred from x = 162, y = 43.
    const places = [0, 1, 2].flatMap((j) =>
      [0, 1, 2].map((i) => ({ left: i * 208 + 4 - 162, top: j * 104 + 2 - 43 })),
    );
    const body = await watermarked('rs:fit:200:0/dpr:1.5/wm:1:re:5:3', [300, 225]);
    const wanted = await expected(places, mark, await grey(300, 225));
    expect(await largestDifference(body, wanted)).toBeLessThanOrEqual(1);
  });

  it('a trimmed image planned in the render: DprScale from the trimmed size', async () => {
    // Trimmed to 300 × 200; width 150: shrink 2, DprScale = min(3, 2) = 2; offsets 20, 10.
    const body = await watermarked('t:10/rs:fit:150:0/dpr:3/wm:1:nowe:10:5', [300, 200], FRAMED);
    const wanted = await expected([{ left: 20, top: 10 }], mark, await grey(300, 200));
    expect(await largestDifference(body, wanted)).toBeLessThanOrEqual(1);
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
