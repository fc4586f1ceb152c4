/**
 * The bytes node:http writes before a response's body, produced without node:http: the status
 * line, the given headers in their order, then what node:http adds on its own to an HTTP/1.1
 * keep-alive answer (Date, Connection, Keep-Alive). The fast lane (fast-lane.ts) writes these
 * so that its answers are byte for byte node:http's, the Date aside when a second turns between.
 */
import { STATUS_CODES } from 'node:http';

// Headers node:http reads as it stores them and acts on (framing, its own Date and Connection):
// a list holding any of them is left to node:http.
const NODE_ACTS_ON = new Set([
  'connection',
  'content-length',
  'date',
  'expect',
  'keep-alive',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const NAME = /^[\w!#$%&'*+.^`|~-]+$/;
// Printable ASCII only: node:http would pass other bytes through latin1 and UTF-8 conversions.
const VALUE = /^[\x20-\x7e\t]*$/;

/**
 * The head node:http would write for `status` with `headers` (names and values alternating)
 * on a keep-alive connection whose idle timeout is `keepAliveSeconds`, dated `date` (an HTTP
 * date); `undefined` when the list holds something node:http would treat specially or refuse.
 * A body of `bodyLength` bytes needs its Content-Length in the list, else the answer would be
 * chunked; without a body (undefined) there must be none.
 * @example responseHead(304, ['ETag', '"k"'], undefined, new Date().toUTCString(), 5)
 */
export function responseHead(
  status: number,
  headers: readonly string[],
  bodyLength: number | undefined,
  date: string,
  keepAliveSeconds: number,
): Buffer | undefined {
  const reason = STATUS_CODES[status];
  if (!reason || headers.length % 2 !== 0) return undefined;
  let head = `HTTP/1.1 ${status} ${reason}\r\n`;
  let length: string | undefined;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const value = headers[i + 1]!;
    if (!NAME.test(name) || !VALUE.test(value)) return undefined;
    const lower = name.toLowerCase();
    if (lower === 'content-length' && length === undefined) length = value;
    else if (NODE_ACTS_ON.has(lower)) return undefined;
    head += `${name}: ${value}\r\n`;
  }
  if (length !== (bodyLength === undefined ? undefined : String(bodyLength))) return undefined;
  head += `Date: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n`;
  return Buffer.from(head, 'latin1');
}
