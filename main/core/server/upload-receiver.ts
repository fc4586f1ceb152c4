/**
 * Browser uploads streamed to disk: multipart form data (fields `name` and `file`, in pairs) is
 * parsed as it arrives (busboy) and each file goes straight into a temp file beside its target,
 * so memory stays flat whatever the size. Files are renamed into place only once the whole
 * request has arrived: a request that fails or is cut off mid-way leaves nothing behind.
 * Counts and sizes are bounded up front, so a body of a million tiny parts is refused at the
 * first part past the bound instead of being parsed to its end.
 */
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { uploadNameSchema } from '../../../shared/contract/operations.js';
import { tempPathFor } from '../fs/atomic-write.js';
import { uploadTarget } from '../service/uploads.js';

export interface UploadLimits {
  /** Files in one request: the browser sends batches of 100. */
  files: number;
  /** Bytes of one request, files and fields together. */
  bytes: number;
  /** Bytes of one part's headers. */
  headerBytes: number;
}

export const UPLOAD_LIMITS: UploadLimits = {
  files: 200,
  bytes: 4 * 1024 ** 3,
  headerBytes: 8 * 1024,
};

/** Longest name field: a relative path as the contract takes it. */
const NAME_BYTES = 1024;

/** Past a count or size bound: 413. */
function tooLarge(message: string): ThumbdeskError {
  return new ThumbdeskError({ code: 'too-large', message });
}

function invalid(message: string, issuePath?: string): ThumbdeskError {
  return new ThumbdeskError({
    code: 'invalid-input',
    message,
    ...(issuePath ? { issues: [{ path: issuePath, message }] } : {}),
  });
}

/** One file being written: its part, its temp file, its target, and the write under way. */
interface Incoming {
  stream: Readable;
  temp: string;
  target: string;
  written: Promise<void>;
}

/**
 * Streams the upload in `req` into `dir`; resolves with the names stored, all of them renamed
 * into place, or rejects with a ThumbdeskError (`invalid-input`) having left no file behind.
 * @example const names = await receiveUploads(req, path.join(library.dir, 'uploads'));
 */
export function receiveUploads(
  req: IncomingMessage,
  dir: string,
  limits: UploadLimits = UPLOAD_LIMITS,
): Promise<string[]> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(invalid('uploads are multipart/form-data'));
  }
  if (Number(req.headers['content-length'] ?? 0) > limits.bytes) {
    return Promise.reject(tooLarge(`an upload request holds at most ${limits.bytes} bytes`));
  }
  let parser: BusboyInstance;
  try {
    parser = new Busboy({
      headers: req.headers as BusboyHeaders,
      limits: {
        fieldNameSize: 16,
        fieldSize: NAME_BYTES,
        fields: limits.files,
        files: limits.files,
        parts: limits.files * 2,
        fileSize: limits.bytes,
        headerPairs: 16,
        headerSize: limits.headerBytes,
      },
    });
  } catch {
    return Promise.reject(invalid('the body is not valid multipart/form-data'));
  }
  const incoming: Incoming[] = [];
  const names: string[] = [];
  let pendingName: string | undefined;
  let received = 0;

  return new Promise<string[]>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Stop parsing at once; the rest of the body is discarded unread by the server.
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      for (const file of incoming) file.stream.destroy(new Error('the upload stopped'));
      // Anything else is the disk's failure (full, unwritable): no path of it goes to the client.
      const wrong =
        error instanceof ThumbdeskError
          ? error
          : new ThumbdeskError({ code: 'internal', message: 'the upload could not be stored' });
      void Promise.allSettled(incoming.map((file) => file.written))
        .then(() => Promise.all(incoming.map((file) => rm(file.temp, { force: true }))))
        .finally(() => reject(wrong));
    };

    const onField = (field: string, value: string, _nameCut: boolean, valueCut: boolean) => {
      const index = names.length;
      if (field !== 'name') return fail(invalid(`unexpected field "${field.slice(0, 16)}"`));
      if (pendingName !== undefined)
        return fail(invalid('each file needs one name field before it'));
      const parsed = uploadNameSchema.safeParse(valueCut ? 'x'.repeat(NAME_BYTES + 1) : value);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'is not a valid name';
        return fail(invalid(`files.${index}.name: ${message}`, `files.${index}.name`));
      }
      pendingName = parsed.data;
    };

    const onFile = (field: string, stream: Readable) => {
      // A stream stopped by `fail` errors; the write it feeds reports that, nobody else must.
      stream.on('error', () => undefined);
      const name = pendingName;
      pendingName = undefined;
      if (field !== 'file' || name === undefined) {
        stream.resume();
        return fail(invalid('each file needs one name field before it'));
      }
      let target: string;
      try {
        target = uploadTarget(dir, name);
      } catch (error) {
        stream.resume();
        return fail(error);
      }
      names.push(name);
      const temp = tempPathFor(target);
      const written = mkdir(path.dirname(target), { recursive: true }).then(() =>
        pipeline(stream, createWriteStream(temp, { flags: 'wx' })),
      );
      incoming.push({ stream, temp, target, written });
      stream.on('limit', () => fail(tooLarge(`a file holds at most ${limits.bytes} bytes`)));
      written.catch(fail);
    };

    const tooMany = () => fail(tooLarge(`an upload request holds at most ${limits.files} files`));

    const onFinish = () => {
      if (settled) return;
      if (pendingName !== undefined) return fail(invalid('each name field needs a file after it'));
      if (names.length === 0) return fail(invalid('files: needs at least one file', 'files'));
      Promise.all(incoming.map((file) => file.written))
        .then(async () => {
          if (settled) return;
          for (const file of incoming) await rename(file.temp, file.target);
          settled = true;
          resolve(names);
        })
        .catch(fail);
    };

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.bytes) {
        fail(tooLarge(`an upload request holds at most ${limits.bytes} bytes`));
      }
    });
    // A client gone before the end: nothing of its request stays.
    req.on('aborted', () => fail(invalid('the upload was cut off')));
    req.on('close', () => {
      if (!req.complete) fail(invalid('the upload was cut off'));
    });
    parser.on('field', onField);
    parser.on('file', onFile);
    parser.on('partsLimit', tooMany);
    parser.on('filesLimit', tooMany);
    parser.on('fieldsLimit', tooMany);
    parser.on('error', () => fail(invalid('the body is not valid multipart/form-data')));
    parser.on('finish', onFinish);
    req.pipe(parser);
  });
}
