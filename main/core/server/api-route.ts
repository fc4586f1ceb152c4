/**
 * The contract over HTTP: `POST /api/<operation>` with the input as a JSON body answers the
 * output as JSON; `POST /api/uploadFiles` takes multipart form data (fields `name` and `file`,
 * in pairs), streamed into the uploads folder (upload-receiver.ts); `GET /api/events` is the event stream. Inputs and outputs are parsed by the service
 * with the contract's schemas; a failure answers `{ error: { code, message, issues? } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOperationName } from '../../../shared/contract/channels.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { toThumbdeskError } from '../service/service-error.js';
import type { ContractService } from '../service/service-host.js';
import { streamEvents } from './event-stream.js';
import { parseJsonBody } from './json-body.js';
import { sendError, sendJson } from './respond.js';
import { receiveUploads } from './upload-receiver.js';

/** Largest JSON body: a preset file of a few hundred presets. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ThumbdeskError {
  return new ThumbdeskError({
    code: 'too-large',
    message: `the request is larger than ${limit} bytes`,
  });
}

async function jsonInput(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BYTES);
  return body.length === 0 ? {} : parseJsonBody(body);
}

/**
 * Streams an upload into the uploads folder, then adds (or rescans) it as a source: the files
 * never pass through memory whole, nor through the service's thread.
 */
async function upload(
  service: ContractService,
  req: IncomingMessage,
  res: ServerResponse,
  uploadsDir: string,
) {
  try {
    await receiveUploads(req, uploadsDir);
  } catch (error) {
    // Refused before its end: the connection closes rather than take the rest of the body.
    res.setHeader('Connection', 'close');
    throw error;
  }
  return service.call('addSource', { path: uploadsDir });
}

/**
 * Answers `/api/…`; the caller has checked the Host header and the token.
 * @example if (url.pathname.startsWith('/api/')) await handleApi(service, req, res, url);
 */
export async function handleApi(
  service: ContractService,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploadsDir: string,
): Promise<void> {
  const name = url.pathname.slice('/api/'.length);
  if (name === 'events' && req.method === 'GET') {
    streamEvents(service, res);
    return;
  }
  if (!isOperationName(name)) {
    sendError(res, { code: 'not-found', message: `no operation named "${name}"` });
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendJson(res, 405, { error: { code: 'invalid-input', message: 'operations are POST' } });
    return;
  }
  try {
    const output =
      name === 'uploadFiles'
        ? await upload(service, req, res, uploadsDir)
        : await service.call(name, await jsonInput(req));
    sendJson(res, 200, output);
  } catch (error) {
    sendError(res, toThumbdeskError(error).toBody());
  }
}
