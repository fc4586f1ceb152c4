/**
 * A ThumbHash encoder that allocates nothing but its result.
 *
 * The algorithm and its bit layout are Evan Wallace's `thumbhash` (https://github.com/evanw/thumbhash,
 * MIT licence, Copyright (c) 2023 Evan Wallace); this is its `rgbaToThumbHash` rewritten over
 * scratch reused between calls. `generate` makes one placeholder per original, and the package's
 * encoder allocated arrays per call and per loop (140 of generate's 182 MB of JavaScript
 * allocation, issue 12), which cost full collections the decode itself never causes.
 *
 * Every floating-point operation is the package's, in its order (no factored sums, no hoisted
 * products), so the bytes are the package's for every input: thumbhash-encode.test.ts holds it
 * to that.
 */
import { CodedError } from '../../../shared/contract/errors.js';

/** Longest side the encoder takes, as the package's (more is slower and adds nothing). */
export const THUMBHASH_MAX_SIDE = 100;
/** Cosine terms a channel keeps per axis, at most: 7 of luminance without alpha. */
const MAX_TERMS = 7;
/** AC terms of every channel together, at most: 27 L + 5 P + 5 Q, or 14 L + 5 + 5 + 14 A. */
const MAX_AC = 64;

// The image as luminance, yellow-blue, red-green and alpha, one value a pixel.
const l = new Float64Array(THUMBHASH_MAX_SIDE * THUMBHASH_MAX_SIDE);
const p = new Float64Array(THUMBHASH_MAX_SIDE * THUMBHASH_MAX_SIDE);
const q = new Float64Array(THUMBHASH_MAX_SIDE * THUMBHASH_MAX_SIDE);
const a = new Float64Array(THUMBHASH_MAX_SIDE * THUMBHASH_MAX_SIDE);
// The AC terms of all channels in the order the hash stores them.
const ac = new Float64Array(MAX_AC);
// What encodeChannel found besides its AC terms (module state so that it returns no tuple).
let channelDc = 0;
let channelScale = 0;

/**
 * cos(π / n · c · (x + 0.5)) for a side of n pixels, at [c * n + x]: the same doubles the
 * package computes inside its loops, made once per side length.
 */
const cosines: (Float64Array | undefined)[] = [];

function cosinesFor(n: number): Float64Array {
  let table = cosines[n];
  if (!table) {
    table = new Float64Array(MAX_TERMS * n);
    for (let c = 0; c < MAX_TERMS; c += 1) {
      for (let x = 0; x < n; x += 1) table[c * n + x] = Math.cos((Math.PI / n) * c * (x + 0.5));
    }
    cosines[n] = table;
  }
  return table;
}

/**
 * DCT of `channel` (w × h) into nx × ny terms (a triangle of them): the DC term and the largest
 * AC magnitude go to channelDc/channelScale, the AC terms, normalised to 0..1, to `ac` from
 * `start`. Returns how many AC terms it wrote.
 */
function encodeChannel(
  channel: Float64Array,
  w: number,
  h: number,
  nx: number,
  ny: number,
  start: number,
): number {
  const cosX = cosinesFor(w);
  const cosY = cosinesFor(h);
  let dc = 0;
  let scale = 0;
  let n = start;
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx * ny < nx * (ny - cy); cx++) {
      let f = 0;
      const fx = cx * w;
      for (let y = 0; y < h; y++) {
        const fy = cosY[cy * h + y]!;
        const row = y * w;
        // (value · fx) · fy, summed row by row: the package's order, so the same rounding.
        for (let x = 0; x < w; x++) f += channel[x + row]! * cosX[fx + x]! * fy;
      }
      f /= w * h;
      if (cx || cy) {
        ac[n++] = f;
        scale = Math.max(scale, Math.abs(f));
      } else {
        dc = f;
      }
    }
  }
  if (scale) for (let i = start; i < n; i++) ac[i] = 0.5 + (0.5 / scale) * ac[i]!;
  channelDc = dc;
  channelScale = scale;
  return n - start;
}

const fits = (side: number) => Number.isInteger(side) && side >= 0 && side <= THUMBHASH_MAX_SIDE;

/**
 * The ThumbHash of a w × h RGBA image (RGB not premultiplied, w and h at most 100): the same
 * bytes as the `thumbhash` package's `rgbaToThumbHash`, with nothing allocated but the result.
 * @example const hash = rgbaToThumbHash(64, 48, rgba); // about 25 bytes
 */
export function rgbaToThumbHash(w: number, h: number, rgba: ArrayLike<number>): Uint8Array {
  // The scratch holds 100 × 100; a size that is not a whole number up to that is a caller's bug.
  if (!(fits(w) && fits(h))) throw new CodedError('internal', `${w}x${h} doesn't fit in 100x100`);
  const { round, max } = Math;

  // The average colour, weighted by alpha.
  let avgR = 0;
  let avgG = 0;
  let avgB = 0;
  let avgA = 0;
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    avgR += (alpha / 255) * rgba[j]!;
    avgG += (alpha / 255) * rgba[j + 1]!;
    avgB += (alpha / 255) * rgba[j + 2]!;
    avgA += alpha;
  }
  if (avgA) {
    avgR /= avgA;
    avgG /= avgA;
    avgB /= avgA;
  }

  const hasAlpha = avgA < w * h;
  const lLimit = hasAlpha ? 5 : 7; // fewer luminance terms when alpha needs the room
  const lx = max(1, round((lLimit * w) / max(w, h)));
  const ly = max(1, round((lLimit * h) / max(w, h)));

  // RGBA to LPQA, composited over the average colour.
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    const r = avgR * (1 - alpha) + (alpha / 255) * rgba[j]!;
    const g = avgG * (1 - alpha) + (alpha / 255) * rgba[j + 1]!;
    const b = avgB * (1 - alpha) + (alpha / 255) * rgba[j + 2]!;
    l[i] = (r + g + b) / 3;
    p[i] = (r + g) / 2 - b;
    q[i] = r - g;
    a[i] = alpha;
  }

  let terms = encodeChannel(l, w, h, max(3, lx), max(3, ly), 0);
  const lDc = channelDc;
  const lScale = channelScale;
  terms += encodeChannel(p, w, h, 3, 3, terms);
  const pDc = channelDc;
  const pScale = channelScale;
  terms += encodeChannel(q, w, h, 3, 3, terms);
  const qDc = channelDc;
  const qScale = channelScale;
  let aDc = 0;
  let aScale = 0;
  if (hasAlpha) {
    terms += encodeChannel(a, w, h, 5, 5, terms);
    aDc = channelDc;
    aScale = channelScale;
  }

  // The constants, then two 4-bit AC terms a byte.
  const isLandscape = w > h ? 1 : 0;
  const header24 =
    round(63 * lDc) |
    (round(31.5 + 31.5 * pDc) << 6) |
    (round(31.5 + 31.5 * qDc) << 12) |
    (round(31 * lScale) << 18) |
    (Number(hasAlpha) << 23);
  const header16 =
    (isLandscape ? ly : lx) |
    (round(63 * pScale) << 3) |
    (round(63 * qScale) << 9) |
    (isLandscape << 15);
  const acStart = hasAlpha ? 6 : 5;
  const hash = new Uint8Array(acStart + ((terms + 1) >> 1));
  hash[0] = header24 & 255;
  hash[1] = (header24 >> 8) & 255;
  hash[2] = header24 >> 16;
  hash[3] = header16 & 255;
  hash[4] = header16 >> 8;
  if (hasAlpha) hash[5] = round(15 * aDc) | (round(15 * aScale) << 4);
  // A byte keeps the low 8 bits of what is OR-ed into it, as the package's Uint8Array(hash) does.
  for (let i = 0; i < terms; i++) hash[acStart + (i >> 1)]! |= round(15 * ac[i]!) << ((i & 1) << 2);
  return hash;
}
