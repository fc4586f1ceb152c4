import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parsePreset } from '../../../shared/preset-schema.js';
import { channelMeans, fixture } from '../test-support/fixtures.js';
import { renderBytes, TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { render } from './render.js';
import { renderSpecFor } from './render-spec.js';

const svg = (inner: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="150" viewBox="0 0 200 150">
  <rect x="0" y="0" width="200" height="150" fill="#2040c0"/>
  ${inner}
  <circle cx="100" cy="75" r="20" fill="#f0e020"/>
</svg>`,
  );

describe('render: SVG', () => {
  it('draws nothing from outside the SVG itself', async () => {
    const photo = fixture('Landscape_1.jpg');
    const options = { width: 200, height: 150, fit: 'fill' as const, formats: ['png' as const] };
    const raw = async (bytes: Buffer) =>
      sharp((await renderBytes(bytes, options, { format: 'png' })).data)
        .raw()
        .toBuffer();
    const without = await raw(svg(''));
    for (const reference of [
      `<image href="file://${photo}" x="0" y="0" width="200" height="150"/>`,
      `<image xlink:href="file://${photo}" x="0" y="0" width="200" height="150"/>`,
      `<image href="${photo}" x="0" y="0" width="200" height="150"/>`,
    ]) {
      expect((await raw(svg(reference))).equals(without), reference).toBe(true);
    }
    // The comparison can see an image drawn over the rectangle: an embedded one is drawn.
    const inline = `data:image/jpeg;base64,${(await readFile(photo)).toString('base64')}`;
    const embedded = await raw(svg(`<image href="${inline}" width="200" height="150"/>`));
    expect(embedded.equals(without)).toBe(false);
  });

  it('renders an SVG fixture at the size asked', async () => {
    const out = await renderBytes(
      await readFile(fixture('check.svg')),
      { width: 64, formats: ['png'] },
      { format: 'png' },
    );
    expect([out.width, out.height]).toEqual([64, 64]);
    const [, g, , a] = await channelMeans(out.data);
    expect(a).toBeGreaterThan(10);
    expect(g).toBeGreaterThan(10);
  });
});

describe('render: damaged input', () => {
  it('fails on a truncated JPEG instead of rendering grey', async () => {
    // Bypass the probe (which already refuses it) to prove the render refuses it on its own.
    const bytes = await readFile(fixture('truncated.jpg'));
    const meta = await sharp(bytes).metadata();
    const spec = renderSpecFor(
      parsePreset({ name: 't', width: 300, formats: ['jpeg'] }),
      { format: 'jpeg', width: meta.width!, height: meta.height!, pages: 1, hasAlpha: false },
      'jpeg',
      1,
    );
    await expect(
      render({ bytes, format: 'jpeg' }, spec, { pixelLimit: TEST_PIXEL_LIMIT }),
    ).rejects.toThrow(/^truncated JPEG/);
  });

  it('says a TIFF cut short is truncated, though its header probes fine', async () => {
    const bytes = await readFile(fixture('rgb16-wide-gamut.tiff'));
    const half = bytes.subarray(0, bytes.length >> 1);
    await expect(
      renderBytes(half, { width: 50, formats: ['png'] }, { format: 'png' }),
    ).rejects.toThrow(/^truncated TIFF/);
  });

  it('refuses an input above the pixel limit without decoding it', async () => {
    const bytes = await readFile(fixture('giant-image.jpg'));
    const spec = renderSpecFor(
      parsePreset({ name: 't', width: 300, formats: ['jpeg'] }),
      { format: 'jpeg', width: 20000, height: 14000, pages: 1, hasAlpha: false },
      'jpeg',
      1,
    );
    const refusal = /^20 000 × 14 000 is larger than the 100-megapixel limit$/;
    // Its header alone gets the refusal: a render that decoded before it checked would find
    // these bytes truncated instead.
    const header = bytes.subarray(0, 64 * 1024);
    await expect(
      render({ bytes: header, format: 'jpeg' }, spec, { pixelLimit: TEST_PIXEL_LIMIT }),
    ).rejects.toThrow(refusal);
    await expect(
      render({ bytes, format: 'jpeg' }, spec, { pixelLimit: TEST_PIXEL_LIMIT }),
    ).rejects.toThrow(refusal);
  });
});
