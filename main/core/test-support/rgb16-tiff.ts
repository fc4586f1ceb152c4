/**
 * A minimal TIFF encoder for 16-bit RGB with an embedded ICC profile, for made fixtures. sharp
 * cannot write this: its 16-bit output with a profile attaches one profile to numbers converted
 * for another, and libtiff puts the directory after the pixels, so a file cut short loses its
 * header too. Here the directory comes first and the pixels last, in strips, as cameras and
 * editors write them.
 */

const ROWS_PER_STRIP = 16;
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;

interface Entry {
  tag: number;
  type: typeof SHORT | typeof LONG | typeof UNDEFINED;
  values: readonly number[] | Buffer;
}

const sizeOf = (e: Entry) =>
  Buffer.isBuffer(e.values) ? e.values.length : e.values.length * (e.type === SHORT ? 2 : 4);

/**
 * Encodes interleaved 16-bit RGB samples (row by row) as an uncompressed little-endian TIFF.
 * @example const tiff = encodeRgb16Tiff({ width: 2, height: 1, samples: new Uint16Array(6), icc });
 */
export function encodeRgb16Tiff(image: {
  width: number;
  height: number;
  samples: Uint16Array;
  icc: Buffer;
}): Buffer {
  const { width, height, samples, icc } = image;
  const rowBytes = width * 6;
  const strips = Math.ceil(height / ROWS_PER_STRIP);
  const stripBytes = Array.from(
    { length: strips },
    (_, i) => Math.min(ROWS_PER_STRIP, height - i * ROWS_PER_STRIP) * rowBytes,
  );
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: [16, 16, 16] },
    { tag: 259, type: SHORT, values: [1] }, // no compression
    { tag: 262, type: SHORT, values: [2] }, // RGB
    { tag: 273, type: LONG, values: stripBytes.map(() => 0) }, // strip offsets: set below
    { tag: 277, type: SHORT, values: [3] },
    { tag: 278, type: LONG, values: [ROWS_PER_STRIP] },
    { tag: 279, type: LONG, values: stripBytes },
    { tag: 284, type: SHORT, values: [1] }, // interleaved
    { tag: 34675, type: UNDEFINED, values: icc },
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  // Out-of-line values follow the directory, each at an even offset; the pixels come last.
  let cursor = 8 + ifdSize;
  const offsets = new Map<Entry, number>();
  for (const e of entries) {
    if (sizeOf(e) <= 4) continue;
    offsets.set(e, cursor);
    cursor += sizeOf(e) + 1;
    cursor &= ~1;
  }
  const pixelsAt = cursor;
  entries[5]!.values = stripBytes.map((_, i) => pixelsAt + i * ROWS_PER_STRIP * rowBytes);

  const out = Buffer.alloc(pixelsAt + samples.length * 2);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  const writeValues = (e: Entry, at: number) => {
    if (Buffer.isBuffer(e.values)) e.values.copy(out, at);
    else
      e.values.forEach((v, i) =>
        e.type === SHORT ? out.writeUInt16LE(v, at + i * 2) : out.writeUInt32LE(v, at + i * 4),
      );
  };
  entries.forEach((e, i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(e.tag, at);
    out.writeUInt16LE(e.type, at + 2);
    out.writeUInt32LE(e.values.length, at + 4);
    const far = offsets.get(e);
    if (far === undefined) writeValues(e, at + 8);
    else {
      out.writeUInt32LE(far, at + 8);
      writeValues(e, far);
    }
  });
  out.writeUInt32LE(0, 8 + ifdSize - 4); // no next directory
  samples.forEach((v, i) => out.writeUInt16LE(v, pixelsAt + i * 2));
  return out;
}
