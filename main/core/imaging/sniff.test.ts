import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { ftyp, HEIC_HEADER, JP2_HEADER } from '../test-support/headers.js';
import { tempLibrary } from '../test-support/library.js';
import { probeImage } from './probe.js';
import { hasImageExtension, sniffFormat } from './sniff.js';

const LIMIT = { pixelLimit: 100e6 };

describe('sniffFormat', () => {
  it('names formats by content, whatever the file is called', async () => {
    const png = await readFile(fixture('p3.png'));
    expect(sniffFormat(png)).toBe('png');
    expect(sniffFormat(await readFile(fixture('Landscape_1.jpg')))).toBe('jpeg');
    expect(sniffFormat(await readFile(fixture('animated-loop-3.webp')))).toBe('webp');
    expect(sniffFormat(await readFile(fixture('rotating-squares.gif')))).toBe('gif');
    expect(sniffFormat(await readFile(fixture('rgb16-wide-gamut.tiff')))).toBe('tiff');
    expect(sniffFormat(await readFile(fixture('check.svg')))).toBe('svg');
    expect(sniffFormat(await readFile(fixture('yuv444.avif')))).toBe('avif');
  });

  it('finds no image in text, even text that starts like markup', () => {
    expect(sniffFormat(Buffer.from('hello, this is a note and not a photo\n'))).toBeUndefined();
    expect(sniffFormat(Buffer.from('<html><body>no svg here</body></html>'))).toBeUndefined();
    expect(sniffFormat(Buffer.alloc(0))).toBeUndefined();
  });

  it('recognises HEIC and JPEG 2000 from hand-made headers', () => {
    expect(sniffFormat(HEIC_HEADER)).toBe('heic');
    expect(sniffFormat(ftyp('mif1', ['mif1', 'heic']))).toBe('heic');
    expect(sniffFormat(ftyp('mif1', ['mif1', 'avif']))).toBe('avif');
    expect(sniffFormat(JP2_HEADER)).toBe('jp2');
    expect(sniffFormat(Buffer.from([0xff, 0x4f, 0xff, 0x51, 0, 0]))).toBe('jp2');
  });

  it('judges file names by extension, case-insensitively', () => {
    expect(hasImageExtension('a/B.JPG')).toBe(true);
    expect(hasImageExtension('notes.txt')).toBe(false);
    expect(hasImageExtension('.jpg')).toBe(false);
  });
});

describe('probeImage on what sniffing found', () => {
  it('reads a PNG named .jpg as a PNG, from the scan to the derivative', async () => {
    // The name picks the file for the scan; the bytes decide what it is and what comes out.
    const t = await tempLibrary([['p3.png', 'photo.jpg']]);
    try {
      t.library.savePreset({ name: 'same', width: 4, formats: ['original'] });
      await t.library.addSource(t.sourceDir);
      await t.library.generate();
      const [photo] = t.library.list();
      expect(photo).toMatchObject({ path: 'photo.jpg', format: 'png', width: 8, error: null });
      const [derivative] = photo!.derivatives;
      expect(derivative).toMatchObject({ format: 'png', state: 'fresh' });
      expect(await sharp(derivative!.file!).metadata()).toMatchObject({ format: 'png', width: 4 });
    } finally {
      await t.cleanup();
    }
  });

  it('says a text file is not an image', async () => {
    await expect(probeImage(Buffer.from('just some words\n'), LIMIT)).rejects.toThrow(
      /^not an image$/,
    );
  });

  it('says this build cannot read HEIC or JPEG 2000, not "bad seek"', async () => {
    await expect(probeImage(HEIC_HEADER, LIMIT)).rejects.toThrow(
      /^HEIC is not supported by this build$/,
    );
    await expect(probeImage(JP2_HEADER, LIMIT)).rejects.toThrow(
      /^JPEG 2000 is not supported by this build$/,
    );
  });
});
