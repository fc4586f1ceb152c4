/**
 * Reads what the catalog needs to know of an original from its header: no full decode.
 */
import sharp, { type Metadata } from 'sharp';
import { ImageError, describeDecodeError, notSupported, overPixelLimit } from './image-error.js';
import { READABLE_FORMATS, sniffFormat, type SniffedFormat } from './sniff.js';

export interface ProbeResult {
  format: SniffedFormat;
  /** Dimensions as displayed, after EXIF orientation. */
  width: number;
  height: number;
  orientation: number;
  hasAlpha: boolean;
  space: string;
  depth: string;
  /** The ICC profile's description, or undefined when the file has none. */
  icc: string | undefined;
  pages: number;
}

export interface ProbeOptions {
  /** Largest accepted width × height, checked before anything is decoded. */
  pixelLimit: number;
}

/** The bytes without the zero padding some writers append after the end of the image. */
function withoutPadding(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  return bytes.subarray(Math.max(0, end - 64), end);
}

/** True when the bytes end where their format says a complete file ends. */
function isComplete(format: SniffedFormat, bytes: Uint8Array): boolean {
  const tail = withoutPadding(bytes);
  if (format === 'jpeg') {
    // The EOI marker, possibly followed by other padding some cameras append.
    for (let i = tail.length - 2; i >= 0; i -= 1) {
      if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
    }
    return false;
  }
  if (format === 'png') return Buffer.from(tail).includes('IEND');
  if (format === 'gif') return tail[tail.length - 1] === 0x3b;
  // A WebP file states its length in its RIFF header.
  if (format === 'webp') {
    const riffSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
      4,
      true,
    );
    return bytes.length >= riffSize + 8;
  }
  return true;
}

/** The human-readable description inside an ICC profile (its `desc` tag), if it has one. */
export function iccDescription(icc: Buffer | undefined): string | undefined {
  if (!icc || icc.length < 132) return undefined;
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i += 1) {
    const at = 132 + i * 12;
    if (icc.toString('latin1', at, at + 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(at + 4);
    const type = icc.toString('latin1', offset, offset + 4);
    if (type === 'desc') {
      const length = icc.readUInt32BE(offset + 8);
      return icc.toString('latin1', offset + 12, offset + 12 + length).replace(/\0+$/, '');
    }
    if (type === 'mluc') {
      const recordLength = icc.readUInt32BE(offset + 20);
      const stringOffset = icc.readUInt32BE(offset + 24 + 8);
      const bytes = icc.subarray(offset + stringOffset, offset + stringOffset + recordLength);
      return bytes.swap16().toString('utf16le').replace(/\0+$/, '');
    }
  }
  return 'embedded profile';
}

/**
 * Probes an image from its bytes: format by content, size after orientation, colour facts.
 * Throws an ImageError whose message says what is wrong in plain words.
 * @example const info = await probeImage(await readFile(path), { pixelLimit: 100e6 });
 */
export async function probeImage(bytes: Buffer, options: ProbeOptions): Promise<ProbeResult> {
  if (bytes.length === 0) throw new ImageError('empty file');
  const format = sniffFormat(bytes.subarray(0, 512));
  if (!format) throw new ImageError('not an image');
  if (!READABLE_FORMATS.has(format)) throw notSupported(format);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    // A WebP shorter than its header says is known to be cut short, whatever libvips thinks.
    const known = format === 'webp' && !isComplete(format, bytes) ? new Error('truncated') : error;
    throw describeDecodeError(known, format);
  }
  if (!meta.width || !meta.height) throw new ImageError(`corrupt ${format}: it has no size`);
  if (meta.width * meta.height > options.pixelLimit) {
    throw overPixelLimit(meta.width, meta.height, options.pixelLimit);
  }
  if (format === 'avif' && meta.compression === 'hevc') throw notSupported('heic');
  if (!isComplete(format, bytes)) {
    throw describeDecodeError(new Error('truncated'), format);
  }
  return {
    format,
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    orientation: meta.orientation ?? 1,
    hasAlpha: meta.hasAlpha,
    space: meta.space,
    depth: meta.depth,
    icc: meta.hasProfile ? iccDescription(meta.icc) : undefined,
    pages: meta.pages ?? 1,
  };
}
