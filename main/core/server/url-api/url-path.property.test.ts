/**
 * Properties of the URL path parser over generated paths: it refuses only with its own 400, a
 * source it accepts never leaves its folder, and the plain and Base64 spellings of a source
 * (Base64 whole, split into segments, or padded) name the same file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UrlApiError } from './url-api-error.js';
import { parseSignedPath, splitSignature, type ParsedPath } from './url-path.js';

/** Pieces hostile paths are made of: separators, escapes, schemes, dots, controls. */
const piece = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...['/', '//', '\\', ':', '@', '.', '..', '%', '%2e', '%2E%2e', '%2f', '%5c', '%00', '%zz'],
      ...['%252e', '%C0%AE', 'plain', 'local:///', 'local:////', 'http://', 'photos', 'a.jpg'],
      ...['w:1', 'g:__proto__', '=', '==', '-', '_', '+', '\u0000', '\u001f', 'é', '\ud800'],
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const pieces = fc.array(piece, { maxLength: 12 }).map((list) => list.join(''));
/** Free-form paths, and paths of the right shape whose source is made of hostile pieces. */
const hostilePath = fc.oneof(
  pieces.map((path) => `/${path}`),
  pieces.map((path) => `/w:1/plain/local:///photos/${path}`),
  pieces.map((path) => `/w:1/${Buffer.from(`local:///photos/${path}`).toString('base64url')}`),
);

/** Parses, and fails the property for any throw but the parser's own 400. */
function parsed(path: string): ParsedPath | undefined {
  try {
    return parseSignedPath(path);
  } catch (error) {
    if (!(error instanceof UrlApiError)) throw error;
    expect(error.status).toBe(400);
    return undefined;
  }
}

/** A file a source may hold: segments that are names, never `.`, `..` or empty. */
const relPath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9 _éü-][A-Za-z0-9 ._éü-]{0,12}$/), {
    minLength: 1,
    maxLength: 3,
  })
  .map((segments) => segments.join('/'));
const extension = fc.option(fc.constantFrom('jpg', 'png', 'webp', 'avif'), { nil: undefined });

describe('URL paths, as properties', () => {
  it('refuse anything only with their own 400, never another error', () => {
    fc.assert(
      fc.property(hostilePath, (path) => void parsed(path)),
      { numRuns: 3000 },
    );
  });

  it('never accept a source that leaves its folder or hides a separator or control', () => {
    fc.assert(
      fc.property(hostilePath, (path) => {
        const result = parsed(path);
        if (!result) return;
        const { sourceName, relPath: file } = result.source;
        expect(sourceName).not.toBe('');
        for (const segment of [sourceName, ...file.split('/')]) {
          expect(['', '.', '..']).not.toContain(segment);
        }
        // eslint-disable-next-line no-control-regex -- the point is that none get through
        expect(file).not.toMatch(/[\\\u0000-\u001f\u007f]|%(2e|2f|5c|00)/i);
      }),
      { numRuns: 3000 },
    );
  });

  it('read a source alike in plain, Base64, Base64 in segments and padded Base64', () => {
    fc.assert(
      fc.property(relPath, extension, fc.integer({ min: 1, max: 9 }), (file, ext, chunk) => {
        const source = `local:///photos/${file}`;
        const encoded = Buffer.from(source).toString('base64url');
        const padded = Buffer.from(source)
          .toString('base64')
          .replaceAll('+', '-')
          .replaceAll('/', '_');
        const split = encoded.match(new RegExp(`.{1,${chunk}}`, 'g'))!.join('/');
        const expected = { source: { sourceName: 'photos', relPath: file }, extension: ext };
        const spellings = [
          `/w:10/plain/${encodeURI(source)}${ext ? `@${ext}` : ''}`,
          `/w:10/${encoded}${ext ? `.${ext}` : ''}`,
          `/w:10/${split}${ext ? `.${ext}` : ''}`,
          `/w:10/${padded}${ext ? `.${ext}` : ''}`,
        ];
        for (const path of spellings) expect(parseSignedPath(path), path).toMatchObject(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('split any signature from the path it signs', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[^/]+$/), fc.stringMatching(/^[^/]/), (signature, rest) => {
        expect(splitSignature(`/${signature}/${rest}`)).toEqual({
          signature,
          signedPath: `/${rest}`,
        });
      }),
    );
  });
});
