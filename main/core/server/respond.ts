/**
 * Answers of the HTTP host: JSON bodies, contract errors with their status, and files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { ErrorBody, ErrorCode } from '../../../shared/contract/errors.js';

const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  'not-found': 404,
  refused: 409,
  'too-large': 413,
  unprocessable: 422,
  upstream: 502,
  internal: 500,
};

/** @example sendJson(res, 200, { ok: true }) */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/**
 * The HTTP status of a contract error code.
 * @example httpStatus('unprocessable') === 422
 */
export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}

/** A contract error as `{ error: { code, message, issues? } }` with its HTTP status. */
export function sendError(res: ServerResponse, body: ErrorBody): void {
  sendJson(res, httpStatus(body.code), { error: body });
}

/**
 * Streams a file; a file that vanished or cannot be read is a 404.
 * @example await sendFile(res, '/lib/cache/ab/ab12.webp', { 'Content-Type': 'image/webp' });
 */
export async function sendFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    sendError(res, { code: 'not-found', message: 'no such file' });
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size, 'X-Content-Type-Options': 'nosniff' });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
