/**
 * Random combinations of the geometry options on geometry.png through a real server: every
 * answer is a 200 image or a 400 with a reason, never a failed render (422/5xx).
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { GEOMETRY_SOURCE, compatServerForFile } from './compat-server.js';

const compat = compatServerForFile();

const size = fc.oneof(fc.constantFrom(0, 1, 50, 100, 200, 300), fc.integer({ min: 0, max: 800 }));
const offset = fc.oneof(
  fc.constantFrom('', '0', '5', '-5', '0.1', '-0.9', '1.5'),
  fc.double({ min: -500, max: 500, noNaN: true }).map(String),
);
const compass = fc.constantFrom('ce', 'no', 'so', 'ea', 'we', 'noea', 'nowe', 'soea', 'sowe');
const gravity = fc.oneof(
  fc.tuple(compass, offset, offset).map((g) => g.join(':')),
  fc.constant('sm'),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([x, y]) => `fp:${x}:${y}`),
);
const option = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('fit', 'fill', 'fill-down', 'force', 'auto'),
      size,
      size,
      fc.constantFrom('', '0', '1'),
    )
    .map((a) => `rs:${a.join(':')}`),
  gravity.map((g) => `g:${g}`),
  fc.tuple(fc.constantFrom('0', '1'), compass, offset, offset).map((a) => `ex:${a.join(':')}`),
  fc.tuple(fc.constantFrom('0', '1'), compass).map((a) => `exar:${a.join(':')}`),
  fc
    .tuple(
      fc.oneof(size, fc.double({ min: 0, max: 1, noNaN: true })),
      fc.oneof(size, fc.double({ min: 0, max: 1, noNaN: true })),
      compass,
      offset,
      offset,
    )
    .map((a) => `c:${a.join(':')}`),
  fc.tuple(size, size, size, size).map((a) => `pd:${a.join(':')}`),
  fc.constantFrom(0, 90, 180, 270, -90, 450).map((r) => `rot:${r}`),
  fc.constantFrom('fl:1', 'fl::1', 'fl:1:1', 'ar:0', 'el:1'),
  fc.constantFrom('0.1', '0.5', '1', '2', '3.5', '8').map((d) => `dpr:${d}`),
  fc.constantFrom('0.01', '0.5', '2', '8').map((z) => `z:${z}`),
  size.map((s) => `mw:${s}`),
  size.map((s) => `mh:${s}`),
  size.map((s) => `mrd:${s}`),
);

describe('geometry options under random combinations', () => {
  it('answer 200 with the image or 400 with a reason, never a failed render', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(option, { minLength: 1, maxLength: 5 }), async (options) => {
        const url = `/unsafe/${options.join('/')}/plain/${GEOMETRY_SOURCE}`;
        const reply = await get(compat().server, url);
        statuses.push(reply.status);
        if (reply.status === 200) {
          const meta = await sharp(reply.body).metadata();
          expect(meta.width, url).toBeGreaterThan(0);
          return;
        }
        // geometry.png is a sound image: only the URL can be wrong (400), never the render
        // (whose failures are reported as 422 "cannot be decoded").
        expect(reply.status, `${url}: ${reply.body.toString()}`).toBe(400);
        expect(reply.body.toString().trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 80, seed: 11 },
    );
    // The combinations must mostly be answered, or the property says little about rendering.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(statuses.length / 2);
  });
});
