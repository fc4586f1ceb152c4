import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { probeImage } from './probe.js';

const LIMIT = { pixelLimit: 100e6 };
const probeFixture = async (name: string, pixelLimit = LIMIT.pixelLimit) =>
  probeImage(await readFile(fixture(name)), { pixelLimit });

describe('probeImage', () => {
  it('gives sizes after EXIF orientation', async () => {
    for (const n of [1, 5, 6, 8]) {
      const info = await probeFixture(`Landscape_${n}.jpg`);
      expect(info).toMatchObject({ format: 'jpeg', width: 600, height: 450, orientation: n });
    }
  });

  it('records colour facts: space, depth, alpha, profile, pages', async () => {
    const cmyk = await probeFixture('cmyk-profile.jpg');
    expect(cmyk).toMatchObject({ space: 'cmyk', hasAlpha: false });
    expect(cmyk.icc).toBeTruthy();
    const noProfile = await probeFixture('cmyk-no-profile.jpg');
    expect(noProfile.icc).toBeUndefined();
    expect(await probeFixture('rgb16-wide-gamut.tiff')).toMatchObject({
      format: 'tiff',
      depth: 'ushort',
    });
    expect(await probeFixture('animated-loop-3.gif')).toMatchObject({ pages: 10, hasAlpha: true });
  });

  it('says a truncated JPEG or PNG is truncated', async () => {
    await expect(probeFixture('truncated.jpg')).rejects.toThrow(/^truncated JPEG/);
    await expect(probeFixture('truncated.png')).rejects.toThrow(/^truncated PNG/);
  });

  it('says a WebP cut short is truncated, by the length its header states', async () => {
    const bytes = await readFile(fixture('still.webp'));
    await expect(probeImage(bytes.subarray(0, bytes.length >> 1), LIMIT)).rejects.toThrow(
      /^truncated WebP/,
    );
    await expect(probeImage(bytes.subarray(0, bytes.length - 10), LIMIT)).rejects.toThrow(
      /^truncated WebP/,
    );
  });

  it('says a JPEG with a corrupt header is corrupt', async () => {
    await expect(probeFixture('corrupt-header.jpg')).rejects.toThrow(/^corrupt JPEG/);
  });

  it('says an empty file is empty and random bytes are not an image', async () => {
    await expect(probeImage(Buffer.alloc(0), LIMIT)).rejects.toThrow(/^empty file$/);
    // Random bytes that do not happen to start with a known signature.
    const noise = Buffer.concat([Buffer.from('xx'), randomBytes(4096)]);
    await expect(probeImage(noise, LIMIT)).rejects.toThrow(/^not an image$/);
  });

  it('refuses the decompression bomb from its header, in grouped digits', async () => {
    await expect(probeFixture('giant-image.jpg')).rejects.toThrow(
      /^20 000 × 14 000 is larger than the 100-megapixel limit$/,
    );
    await expect(probeFixture('Landscape_1.jpg', 100_000)).rejects.toThrow(
      /^600 × 450 is larger than the 0\.1-megapixel limit$/,
    );
  });
});
