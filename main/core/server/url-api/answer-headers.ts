/**
 * An image answer's headers, built once per resolved answer instead of once per request: the
 * validators, caching and surrogate keys of a 304, and those plus type and length of a 200.
 * Flat `[name, value, …]` lists, which `writeHead` takes as they are. A cached hit answered
 * thousands of times a second would otherwise format the same date and join the same keys on
 * each request.
 */
import { surrogateHeaders } from '../../edge/surrogate-keys.js';
import { cacheControl, type CachePolicy } from './cache-policy.js';

/** Headers as writeHead takes them: names and values alternating. */
export type HeaderList = readonly string[];

/** What the headers are built from (a ResolvedAnswer has all of it). */
export interface HeaderInputs {
  key: string;
  versioned: boolean;
  surrogateKeys: readonly string[];
  negotiated: boolean;
  disposition?: string | undefined;
}

export interface AnswerHeaders {
  /** The strong validator, quoted: `"<key>"`. */
  etag: string;
  /** Every header a 304 carries (and a 200 too). */
  notModified: HeaderList;
  /** A 200's headers for a body of `length` bytes of `contentType` (the last length kept). */
  ok(contentType: string, length: number): HeaderList;
}

/**
 * @example
 * const headers = answerHeaders(answer, row.mtime_ms, { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 60 });
 * res.writeHead(200, headers.ok('image/webp', bytes.length));
 */
export function answerHeaders(
  answer: HeaderInputs,
  lastModifiedMs: number,
  cache: CachePolicy,
): AnswerHeaders {
  const etag = `"${answer.key}"`;
  const notModified = [
    'ETag',
    etag,
    'Last-Modified',
    new Date(lastModifiedMs).toUTCString(),
    'Cache-Control',
    cacheControl(answer.versioned, cache),
    ...Object.entries(surrogateHeaders(answer.surrogateKeys)).flat(),
    ...(answer.negotiated ? ['Vary', 'Accept'] : []),
    ...(answer.disposition ? ['Content-Disposition', answer.disposition] : []),
  ];
  // A key names the same bytes (and type) for good: one list serves every request after the first.
  let last: { contentType: string; length: number; list: HeaderList } | undefined;
  return {
    etag,
    notModified,
    ok(contentType, length) {
      if (last?.length !== length || last.contentType !== contentType) {
        const list = [
          ...notModified,
          'Content-Type',
          contentType,
          'X-Content-Type-Options',
          'nosniff',
          'Content-Length',
          String(length),
        ];
        last = { contentType, length, list };
      }
      return last.list;
    },
  };
}
