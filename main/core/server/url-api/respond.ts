/**
 * Writing the URL API's answers: images with their caching headers, 304s, and one-line errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_ERROR_MESSAGE } from '../../../../shared/contract/errors.js';

/** The request headers a conditional answer reads (node:http's or the fast lane's). */
export interface ConditionalHeaders {
  readonly 'if-none-match'?: string | undefined;
  readonly 'if-modified-since'?: string | undefined;
}

/**
 * Whether the request's If-None-Match names `etag` (or is `*`). Weak validators match too, as
 * RFC 9110 asks of If-None-Match.
 * @example if (matchesEtag(req, '"abc"')) send304();
 */
export function matchesEtag(req: { headers: ConditionalHeaders }, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  // A browser revalidating sends back the one ETag it was given: no list to read.
  if (header === etag) return true;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Whether the client's copy is current: its If-None-Match names `etag`, or, when it sends no
 * If-None-Match (which takes precedence, RFC 9110 13.2.2), its If-Modified-Since is no earlier
 * than `lastModifiedMs` at the second HTTP dates carry.
 * @example if (isNotModified(req, '"abc"', row.mtime_ms)) send(req, res, 304, headers);
 */
export function isNotModified(
  req: { headers: ConditionalHeaders },
  etag: string,
  lastModifiedMs: number,
): boolean {
  if (req.headers['if-none-match']) return matchesEtag(req, etag);
  // Most requests carry neither header: nothing to parse then.
  const header = req.headers['if-modified-since'];
  if (!header) return false;
  const since = Date.parse(header);
  return Number.isFinite(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}

/**
 * Ends `res` with a status, headers and a body (left out for HEAD), unless the client is gone.
 * @example send(req, res, 200, { 'Content-Type': 'image/webp' }, bytes);
 */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer,
): void {
  if (res.destroyed || res.headersSent) return;
  const length = body ? { 'Content-Length': String(body.length) } : {};
  res.writeHead(status, { ...headers, ...length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Ends `res` with headers built beforehand (answer-headers.ts: Content-Length included when
 * there is a body), unless the client is gone; HEAD gets no body.
 * @example sendPrepared(req, res, 200, headers.ok('image/webp', bytes.length), bytes);
 */
export function sendPrepared(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: readonly string[],
  body?: Buffer,
): void {
  if (res.destroyed || res.headersSent) return;
  // writeHead takes a flat list as it is; its type asks for a mutable one it never changes.
  res.writeHead(status, headers as string[]);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * A one-line plain-text refusal or failure, never cached.
 * @example sendError(req, res, 403, 'signature does not match');
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  // One line, bounded: a reason may quote the URL, which may be as long as a request line.
  const line = `${reason.split('\n')[0]!.slice(0, MAX_ERROR_MESSAGE)}\n`;
  send(
    req,
    res,
    status,
    {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
    Buffer.from(line),
  );
}
