import { describe, expect, it } from 'vitest';
import { answerHeaders } from './answer-headers.js';

const POLICY = { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 60 };
const ANSWER = { key: 'abc', versioned: false, surrogateKeys: ['o-1', 'p-2'], negotiated: false };

/** A flat header list as an object, to read by name. */
const named = (list: readonly string[]) =>
  Object.fromEntries(list.flatMap((v, i) => (i % 2 ? [] : [[v, list[i + 1]]])));

describe('answerHeaders', () => {
  it('builds the validators, caching and surrogate keys a 304 carries', () => {
    const headers = answerHeaders(ANSWER, Date.UTC(2026, 0, 2, 3, 4, 5, 678), POLICY);
    expect(headers.etag).toBe('"abc"');
    expect(named(headers.notModified)).toEqual({
      ETag: '"abc"',
      'Last-Modified': 'Fri, 02 Jan 2026 03:04:05 GMT',
      'Cache-Control': 'public, max-age=60, stale-while-revalidate=60',
      xkey: 'o-1 p-2',
      'Surrogate-Key': 'o-1 p-2',
      'Cache-Tag': 'o-1,p-2',
    });
  });

  it('adds Vary and Content-Disposition only when the answer has them', () => {
    const headers = answerHeaders(
      { ...ANSWER, versioned: true, negotiated: true, disposition: 'inline; filename="a.webp"' },
      0,
      POLICY,
    );
    expect(named(headers.notModified)).toMatchObject({
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept',
      'Content-Disposition': 'inline; filename="a.webp"',
    });
  });

  it("gives a 200 the 304's headers plus type, nosniff and length, reusing the list for the same body", () => {
    const headers = answerHeaders(ANSWER, 0, POLICY);
    const ok = headers.ok('image/webp', 8900);
    expect(ok.slice(0, headers.notModified.length)).toEqual(headers.notModified);
    expect(named(ok)).toMatchObject({
      'Content-Type': 'image/webp',
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': '8900',
    });
    expect(headers.ok('image/webp', 8900)).toBe(ok);
    expect(named(headers.ok('image/webp', 10))['Content-Length']).toBe('10');
    expect(named(headers.ok('image/avif', 10))['Content-Type']).toBe('image/avif');
  });
});
