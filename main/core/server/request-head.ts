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

// Byte classes. The head is read in one pass over its bytes rather than with split and regular
// expressions: this runs on every request.
/** RFC 3986 pchar plus `/` and `?`: no `#`, no space, no control, nothing outside ASCII. */
const TARGET = charClass("\\w.~!$&'()*+,;=:@%/?-");
/** RFC 9110 token. */
const TOKEN = charClass("\\w!#$%&'*+.^`|~-");
const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const REQUEST_LINE_END = ' HTTP/1.1';

/** A lookup table of the bytes (char codes) in `chars`, where `\\w` stands for [A-Za-z0-9_]. */
function charClass(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  const all = chars.replace(
    '\\w',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_',
  );
  for (let i = 0; i < all.length; i += 1) table[all.charCodeAt(i)] = 1;
  return table;
}

/** A value's byte: printable ASCII or a tab. */
const isValueChar = (c: number) => (c >= SP && c < 0x7f) || c === TAB;

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
  // The bytes are checked where they are (indexing a Buffer is several times quicker than
  // charCodeAt here); the strings kept are slices of one Latin-1 text of the head, which maps
  // each byte to one char. The head's last CRLF is kept: every line then ends in one.
  const stop = end + 2;
  const text = data.toString('latin1', from, stop);
  const method = text.startsWith('GET /') ? 'GET' : text.startsWith('HEAD /') ? 'HEAD' : undefined;
  if (!method) return undefined;
  let at = from + method.length + 1;
  const targetStart = at;
  while (TARGET[data[at]!] === 1) at += 1;
  const url = text.slice(targetStart - from, at - from);
  if (!text.startsWith(REQUEST_LINE_END, at - from)) return undefined;
  at += REQUEST_LINE_END.length;
  const headers = new (HeaderFields as unknown as new () => Record<string, string>)();
  let count = 0;
  // Each line: a token name, a colon (no space before it, no obs-fold: a line that starts with
  // whitespace has no name), optional spaces or tabs, a value of printable ASCII and inner
  // spaces or tabs (none trailing), CRLF. A CR or LF anywhere else fails the line. Every scan
  // stops at a CR at the latest, so none reads past the head.
  while (at < stop) {
    if (data[at] !== CR || data[at + 1] !== LF) return undefined;
    at += 2;
    if (at === stop) break;
    if ((count += 1) > MAX_HEADERS) return undefined;
    const nameStart = at;
    while (TOKEN[data[at]!] === 1) at += 1;
    if (at === nameStart || data[at] !== COLON) return undefined;
    const name = text.slice(nameStart - from, at - from).toLowerCase();
    if (Object.hasOwn(headers, name) || FRAMING.has(name)) return undefined;
    at += 1;
    let c = data[at]!;
    while (c === SP || c === TAB) c = data[(at += 1)]!;
    const valueStart = at;
    let valueEnd = at;
    for (; isValueChar(c); c = data[(at += 1)]!) {
      if (c !== SP && c !== TAB) valueEnd = at + 1;
    }
    if (valueEnd !== at) return undefined;
    headers[name] = text.slice(valueStart - from, at - from);
  }
  // Keep-alive is what HTTP/1.1 does anyway; any other Connection option is node:http's.
  if (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive') {
    return undefined;
  }
  if (headers.host === undefined) return undefined;
  return { method, url, headers, length: end + 4 - from };
}
