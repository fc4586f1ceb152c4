import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { ThumbdeskService } from '../service/service.js';
import { makeTempDir } from '../test-support/fixtures.js';
import { until } from '../test-support/poll.js';
import { handleApi } from './api-route.js';
import { UPLOAD_LIMITS } from './upload-receiver.js';

const BOUNDARY = 'thumbdesk-test-boundary';
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;
let uploadsDir: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-upload-');
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  uploadsDir = path.join(service.library.dir, 'uploads');
  // The route as the HTTP host mounts it, behind its token check.
  server = http.createServer((req, res) => {
    void handleApi(service, req, res, new URL(req.url!, 'http://127.0.0.1'), uploadsDir);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await service?.shutdown();
  service?.library.close();
  await tmp?.cleanup();
});

/** One `name` field and one `file` part, as the browser's FormData sends them. */
function pair(name: string, head = 'application/octet-stream'): string {
  return (
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n` +
    `Content-Type: ${head}\r\n\r\n`
  );
}
const END = `\r\n--${BOUNDARY}--\r\n`;

interface Answer {
  status: number;
  body: string;
}

/** POSTs `body` (chunk by chunk, as it comes) to /api/uploadFiles. */
function post(body: Readable): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/uploadFiles',
        headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    let answered = false;
    // A server that refuses early closes the connection while the body is still being sent.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    body.on('error', () => req.destroy());
    body.pipe(req);
  });
}

/** Every file under the uploads folder, temp files included. */
async function filesInUploads(): Promise<string[]> {
  const entries = await readdir(uploadsDir, { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(uploadsDir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('uploads over HTTP', () => {
  it('streams each file to its place, then adds the uploads folder as a source', async () => {
    const a = randomBytes(300_000);
    const b = randomBytes(10);
    const body = Readable.from([pair('trip/a.bin'), a, `\r\n${pair('b.bin')}`, b, END]);
    const answer = await post(body);
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'addSource' });
    expect(await filesInUploads()).toEqual(['b.bin', 'trip/a.bin']);
    expect((await readFile(path.join(uploadsDir, 'trip/a.bin'))).equals(a)).toBe(true);
    await service.jobs.idle();
    expect(service.library.sources().map((s) => s.path)).toContain(uploadsDir);
  });

  it('keeps memory flat: a 256 MB upload grows the process by far less than its size', async () => {
    const size = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    async function* body() {
      yield pair('big.bin');
      for (let sent = 0; sent < size; sent += chunk.length) yield chunk;
      yield END;
    }
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const answer = await post(Readable.from(body()));
      expect(answer.status, answer.body).toBe(200);
    } finally {
      clearInterval(sampler);
    }
    // Buffered, the body alone was the upload's size, and parsing held it three times more.
    expect(peak - before).toBeLessThan(size / 3);
    expect((await readdir(uploadsDir)).includes('big.bin')).toBe(true);
  }, 60_000);

  it('refuses a million tiny parts at the first one past the bound, without blocking', async () => {
    // Half a million name-and-file pairs, each as short as the syntax allows: 62 MB.
    const tiny =
      `--${BOUNDARY}\r\ncontent-disposition:form-data;name="name"\r\n\r\nx\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition:form-data;name="file";filename="b"\r\n\r\nx\r\n`;
    const body = Buffer.from(tiny.repeat(500_000) + END);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const answer = await post(Readable.from([body]));
    delay.disable();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toBe(
      `an upload request holds at most ${UPLOAD_LIMITS.files} files`,
    );
    // No long block, on a machine whose load alone can stall the loop for a fraction of this.
    expect(delay.max / 1e6).toBeLessThan(2000);
  }, 60_000);

  it('refuses more files than the bound, writing none of them', async () => {
    const before = await filesInUploads();
    const parts = Array.from({ length: UPLOAD_LIMITS.files + 1 }, (_, i) => [
      pair(`many/${i}.bin`),
      'x\r\n',
    ]).flat();
    const answer = await post(Readable.from([...parts, `--${BOUNDARY}--\r\n`]));
    expect(answer.status).toBe(413);
    expect(await filesInUploads()).toEqual(before);
  });

  it('refuses a name past 1024 bytes and one that climbs out, naming the field', async () => {
    for (const name of ['n'.repeat(5000), '../escape.bin']) {
      const answer = await post(Readable.from([pair(name), 'data', END]));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error.issues[0].path).toBe('files.0.name');
    }
  });

  it('takes a file name of 250 bytes, the longest a folder holds, and answers a longer one 400', async () => {
    const longest = `${'l'.repeat(246)}.bin`;
    const answer = await post(Readable.from([pair(`long/${longest}`), 'data', END]));
    expect(answer.status, answer.body).toBe(200);
    expect(await readFile(path.join(uploadsDir, 'long', longest), 'utf8')).toBe('data');
    const tooLong = await post(Readable.from([pair(`long/${'l'.repeat(300)}.bin`), 'data', END]));
    expect(tooLong.status, tooLong.body).toBe(400);
  });

  it('leaves no partial file when the client goes away mid-upload', async () => {
    const before = await filesInUploads();
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/uploadFiles',
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    req.on('error', () => undefined);
    req.write(pair('cut.bin'));
    req.write(randomBytes(2 * 1024 * 1024));
    // The file is being written: a temp file beside its target.
    await until('the temp file', async () =>
      (await filesInUploads()).some((f) => f.startsWith('.tmp-')),
    );
    req.destroy();
    await until('nothing left of it', async () => {
      const now = await filesInUploads();
      return now.length === before.length && now.every((f, i) => f === before[i]);
    });
    expect(await filesInUploads()).toEqual(before);
  });
});
