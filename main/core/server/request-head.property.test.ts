/**
 * The one-pass request-head reader against the reader it replaced (split and regular
 * expressions, kept here as the specification): over generated heads made of valid and hostile
 * pieces, both accept the same requests and read them the same way, so the one-pass reader
 * refuses everything the old one refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, readRequestHead, type RequestHead } from './request-head.js';

const FRAMING = new Set(
  'content-length transfer-encoding expect upgrade te trailer keep-alive proxy-connection http2-settings'.split(
    ' ',
  ),
);

/** The reader as it was before the one-pass reader (commit 2a9353b), as the specification. */
function specified(data: Buffer, from = 0): RequestHead | undefined {
  const end = data.indexOf('\r\n\r\n', from);
  if (end < 0 || end + 4 - from > MAX_HEAD_BYTES) return undefined;
  const lines = data.toString('latin1', from, end).split('\r\n');
  const line = /^(GET|HEAD) (\S+) HTTP\/1\.1$/.exec(lines[0]!);
  if (!line || !/^\/[\w.~!$&'()*+,;=:@%/?-]*$/.test(line[2]!) || lines.length - 1 > 64) {
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i += 1) {
    const field = lines[i]!;
    const colon = field.indexOf(':');
    const name = field.slice(0, colon).toLowerCase();
    if (colon < 1 || !/^[\w!#$%&'*+.^`|~-]+$/.test(name) || Object.hasOwn(headers, name)) {
      return undefined;
    }
    if (FRAMING.has(name)) return undefined;
    const value = field.slice(colon + 1).replace(/^[ \t]+/, '');
    if (!/^(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?$/.test(value)) return undefined;
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true });
  }
  if (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive') {
    return undefined;
  }
  if (headers.host === undefined) return undefined;
  return { method: line[1] as 'GET' | 'HEAD', url: line[2]!, headers, length: end + 4 - from };
}

/** Bytes that break lines, fields and classes. */
const hostile = fc.constantFrom(
  ...['\r\n', '\r', '\n', '\r\n\r\n', ' ', '  ', '\t', ':', ': ', '\x00', '\x7f', '\xe9', '\xff'],
  ...['"', '#', '/', '?', '%', '*', '@', 'HTTP/1.1', 'HTTP/1.0', 'GET', 'HEAD'],
);
/** Mostly plain text of the target's and tokens' characters, sometimes something hostile. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[\w.~!$&'()*+,;=:@%/?-]{0,12}$/) },
  {
    weight: 1,
    arbitrary: fc.array(hostile, { minLength: 1, maxLength: 3 }).map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 8 }) },
);
/** The first choice most of the time (a valid piece), else one of the others. */
const mostly = <T>(usual: T, ...others: T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(usual) },
    { weight: 1, arbitrary: fc.constantFrom(...others) },
  );
const name = fc.oneof(
  fc.constantFrom(...['Host', 'host', 'HOST', 'Accept', 'Connection', 'If-None-Match', 'X-A']),
  fc.constantFrom(...['Content-Length', 'Transfer-Encoding', 'TE', '__proto__', 'constructor']),
  text,
);
const value = fc.oneof(
  fc.constantFrom(...['x', 'a:1', 'keep-alive', 'Keep-Alive', 'close', '', ' ', '\t"k"\t', 'a b']),
  text,
);
const field = fc
  .tuple(mostly('\r\n', '\n', '\r', '\r\n '), name, mostly(': ', ':', ':\t', ' :', ''), value)
  .map((parts) => parts.join(''));
const requestLine = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('GET', 'HEAD') },
      fc.constantFrom('POST', 'get', 'GET ', ''),
    ),
    mostly(' ', '  ', '\t'),
    fc.oneof({ weight: 3, arbitrary: text.map((t) => `/${t}`) }, text),
    mostly(' HTTP/1.1', ' HTTP/1.0', 'HTTP/1.1', ' HTTP/1.1 ', ' HTTP/1.10'),
  )
  .map((parts) => parts.join(''));
const head = fc
  .tuple(
    fc.constantFrom('', 'GET /p HTTP/1.1\r\nHost: a\r\n\r\n'),
    requestLine,
    mostly('\r\nHost: h', '', '\r\nHost:', '\r\nhost: h\r\nHost: h'),
    fc.array(field, { maxLength: 6 }),
    mostly('\r\n\r\n', '\r\n', '\n\n', '\r\n\r\nGET /n HTTP/1.1\r\n'),
  )
  .map(([before, line, host, fields, close]) => ({
    from: before.length,
    bytes: Buffer.from(`${before}${line}${host}${fields.join('')}${close}`, 'latin1'),
  }));

/** A plain copy of a read head (the reader's header object has a prototype of its own). */
const plain = (read: RequestHead | undefined) => read && { ...read, headers: { ...read.headers } };

describe('readRequestHead against the reader it replaced', () => {
  it('accepts and reads exactly what the split-and-regex reader did', () => {
    fc.assert(
      fc.property(head, ({ bytes, from }) => {
        expect(plain(readRequestHead(bytes, from))).toEqual(plain(specified(bytes, from)));
      }),
      { numRuns: 20_000, seed: 12 },
    );
  });

  it('generates heads the old reader accepts as well as heads it refuses, so the property tests both', () => {
    const sample = fc.sample(head, { numRuns: 20_000, seed: 12 });
    const accepted = sample.filter(({ bytes, from }) => specified(bytes, from)).length;
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(sample.length - 200);
  });
});
