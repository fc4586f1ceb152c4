/**
 * Properties of URL signatures over generated keys, salts and paths: every URL imgproxy's
 * official Node builder signs verifies, and no single-character change to the path or to the
 * signature does.
 */
import { generateImageUrl } from '@imgproxy/imgproxy-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigningPairs, verifySignature } from './signature.js';

const hex = (minBytes: number, maxBytes: number) =>
  fc
    .uint8Array({ minLength: minBytes, maxLength: maxBytes })
    .map((bytes) => Buffer.from(bytes).toString('hex'));

/** A relative file path: segments of letters, digits, spaces, dots and a few non-ASCII letters. */
const relPath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9 _éø-][A-Za-z0-9 ._éø-]{0,15}$/), {
    minLength: 1,
    maxLength: 3,
  })
  .map((segments) => segments.join('/'));

/** A signed URL from the official builder, split into its signature and its signed path. */
const signedUrl = fc
  .record({
    key: hex(1, 64),
    salt: hex(1, 32),
    file: relPath,
    displayAs: fc.constantFrom('plain', 'base64' as const),
    width: fc.integer({ min: 1, max: 8192 }),
    format: fc.constantFrom('jpg', 'png', 'webp', 'avif' as const),
  })
  .map(({ key, salt, file, displayAs, width, format }) => {
    const url = generateImageUrl({
      endpoint: 'http://127.0.0.1',
      url: { value: `local:///photos/${file}`, displayAs },
      options: { width, format },
      key,
      salt,
    });
    // The path exactly as the builder wrote it (new URL() would percent-encode spaces).
    const path = url.slice('http://127.0.0.1'.length);
    const slash = path.indexOf('/', 1);
    return {
      pairs: parseSigningPairs([key], [salt]),
      signature: path.slice(1, slash),
      signedPath: path.slice(slash),
    };
  });

/** A character of the signature's own alphabet: the changes that pass its format check. */
const BASE64URL_CHAR = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
);

/** `text` with the character at `index` replaced by another one. */
const changed = (text: string, index: number, replacement: string) =>
  text.slice(0, index) + replacement + text.slice(index + 1);

describe('signatures, as properties', () => {
  it('verify every URL the official builder signs', () => {
    fc.assert(
      fc.property(signedUrl, ({ pairs, signature, signedPath }) => {
        expect(verifySignature(signature, signedPath, pairs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse any single-character change to the signed path', () => {
    fc.assert(
      fc.property(
        signedUrl,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        ({ pairs, signature, signedPath }, at, replacement) => {
          const index = at % signedPath.length;
          fc.pre(signedPath[index] !== replacement);
          const forged = changed(signedPath, index, replacement);
          expect(verifySignature(signature, forged, pairs)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuse any single-character change to the signature', () => {
    fc.assert(
      fc.property(
        signedUrl,
        // Often the last character: it carries 2 bits of padding, which a decoded comparison drops.
        fc.oneof(fc.nat(), fc.constant(-1)),
        BASE64URL_CHAR,
        ({ pairs, signature, signedPath }, at, replacement) => {
          const index = at < 0 ? signature.length - 1 : at % signature.length;
          fc.pre(signature[index] !== replacement);
          const forged = changed(signature, index, replacement);
          expect(verifySignature(forged, signedPath, pairs)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
