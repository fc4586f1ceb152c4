/**
 * The contract over HTTP: `POST /api/<operation>` with the input as a JSON body answers the
 * output as JSON; `POST /api/uploadFiles` takes multipart form data (fields `name` and `file`,
 * in pairs); `GET /api/events` is the event stream. Inputs and outputs are parsed by the service
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

/** Largest JSON body: a preset file of a few hundred presets. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** Largest upload request: a folder of photos, sent in batches by the client. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

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

function invalid(message: string): ThumbdeskError {
  return new ThumbdeskError({ code: 'invalid-input', message });
}

async function jsonInput(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BYTES);
  return body.length === 0 ? {} : parseJsonBody(body);
}

/** Multipart form data to the `uploadFiles` input, parsed by the platform's own FormData. */
async function uploadInput(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) throw invalid('uploads are multipart/form-data');
  const body = await readBody(req, MAX_UPLOAD_BYTES);
  let form: FormData;
  try {
    // Buffer.concat allocates a plain ArrayBuffer (never a shared one): a view, not a copy.
    const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length);
    form = await new Response(bytes, { headers: { 'Content-Type': type } }).formData();
  } catch {
    throw invalid('the body is not valid multipart/form-data');
  }
  const names = form.getAll('name');
  const files = form.getAll('file');
  if (names.length !== files.length) throw invalid('each file needs one name field before it');
  const parts = await Promise.all(
    files.map(async (file, i) => ({
      name: names[i],
      data: typeof file === 'string' ? file : new Uint8Array(await file.arrayBuffer()),
    })),
  );
  return { files: parts };
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
    const input = name === 'uploadFiles' ? await uploadInput(req) : await jsonInput(req);
    sendJson(res, 200, await service.call(name, input));
  } catch (error) {
    sendError(res, toThumbdeskError(error).toBody());
  }
}
