/**
 * Hand-made file headers of formats this build cannot decode, for tests of their errors.
 */

/**
 * An ISO-BMFF `ftyp` box (size, 'ftyp', major brand, minor version, compatible brands) and some
 * zero padding: the start of a HEIC or AVIF file.
 * @example ftyp('heic', ['mif1', 'heic'])
 */
export function ftyp(major: string, compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, Buffer.alloc(64)]);
}

/** The JPEG 2000 signature box followed by its file type box. */
export const JP2_HEADER = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]),
  ftyp('jp2 ', ['jp2 ']),
]);

/** The start of a HEIC file. */
export const HEIC_HEADER = ftyp('heic', ['mif1', 'heic']);
