/**
 * A deliberately narrow HTTP/1.1 request-head reader for the fast lane (fast-lane.ts). It
 * recognises only the plainest requests: `GET` or `HEAD`, an origin-form target, `HTTP/1.1`,
 * CRLF line ends, token header names, printable ASCII values, exactly one Host, no body and no
 * header that changes how the connection or the message is framed. Whatever it does not
 * recognise is not refused here: the caller hands those bytes to node:http, whose parser
 * (llhttp) decides. Being a strict subset of what llhttp accepts is the point: a request this
 * reader accepts means the same to llhttp, so the two can never frame a stream differently
 * (request smuggling).
 */

export interface RequestHead {
  method: 'GET' | 'HEAD';
  /** The target as sent (origin-form: `/path?query`). */
  url: string;
  /** Lower-cased names; each name at most once. */
  headers: Readonly<Record<string, string>>;
  /** Bytes the head took, its closing blank line included: where the next request starts. */
  length: number;
}

/** Longest head read here; a longer one goes to node:http, whose own limit is 16 KiB. */
export const MAX_HEAD_BYTES = 8192;
const MAX_HEADERS = 64;
const HEAD_END = Buffer.from('\r\n\r\n');

// RFC 3986 pchar plus `/` and `?`: no `#`, no space, no control, nothing outside ASCII.
const TARGET = /^\/[\w.~!$&'()*+,;=:@%/?-]*$/;
// RFC 9110 token.
const NAME = /^[\w!#$%&'*+.^`|~-]+$/;
// After the optional leading whitespace: printable ASCII, inner spaces and tabs, no trailing ones.
const VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?$/;
// Headers that frame a body, switch protocols or ask for an interim answer: node:http's call.
const FRAMING = new Set([
  'content-length',
  'transfer-encoding',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'proxy-connection',
  'http2-settings',
]);

/**
 * The headers' object. Its prototype is an empty object without one, so nothing inherited shows
 * through and a header named `__proto__` is a header like any other (Object.prototype's
 * accessor is not in the chain). Not `Object.create(null)`: that object starts in dictionary
 * mode, and adding a header to one missed V8's store cache on every request (5 % of the
 * served process's samples under `wrk`, bench/README "URL API, run 5"); instances of this
 * function share one hidden class per list of names.
 */
function HeaderFields(): void {}
HeaderFields.prototype = Object.create(null) as object;

/**
 * The request head at `from` in `data` when it is one of the plain requests this reader
 * knows; `undefined` for anything else, an incomplete head included.
 * @example readRequestHead(Buffer.from('GET /a HTTP/1.1\r\nHost: x\r\n\r\n'))?.url === '/a'
 */
export function readRequestHead(data: Buffer, from = 0): RequestHead | undefined {
  const end = data.indexOf(HEAD_END, from);
  if (end < 0 || end + 4 - from > MAX_HEAD_BYTES) return undefined;
  // Latin-1 maps each byte to one character, so a stray byte can only fail the checks below.
  const lines = data.toString('latin1', from, end).split('\r\n');
  const line = /^(GET|HEAD) (\S+) HTTP\/1\.1$/.exec(lines[0]!);
  if (!line || !TARGET.test(line[2]!) || lines.length - 1 > MAX_HEADERS) return undefined;
  const headers = new (HeaderFields as unknown as new () => Record<string, string>)();
  for (let i = 1; i < lines.length; i += 1) {
    const field = lines[i]!;
    const colon = field.indexOf(':');
    // No space before the colon, no obs-fold (a line that starts with whitespace fails NAME).
    const name = field.slice(0, colon).toLowerCase();
    if (colon < 1 || !NAME.test(name) || Object.hasOwn(headers, name) || FRAMING.has(name)) {
      return undefined;
    }
    const value = field.slice(colon + 1).replace(/^[ \t]+/, '');
    if (!VALUE.test(value)) return undefined;
    headers[name] = value;
  }
  // Keep-alive is what HTTP/1.1 does anyway; any other Connection option is node:http's.
  if (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive') {
    return undefined;
  }
  if (headers.host === undefined) return undefined;
  return { method: line[1] as 'GET' | 'HEAD', url: line[2]!, headers, length: end + 4 - from };
}
