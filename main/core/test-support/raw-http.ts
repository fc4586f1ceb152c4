/**
 * HTTP/1.1 over a bare socket: the bytes of a request go out exactly as written (no client
 * library fixes a malformed target or a duplicate header), and what comes back is read raw and
 * split into responses, so a test sees every status, header and byte the server sent.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** The status line and header block, as sent. */
  head: string;
  body: Buffer;
}

export interface Exchange {
  /** Every byte the server sent. */
  raw: Buffer;
  /** The complete final (non-1xx) responses in `raw`, in order. */
  responses: RawResponse[];
  /** The server closed the connection (or reset it). */
  closed: boolean;
  /** Neither the answers awaited nor a close came within the time allowed. */
  timedOut: boolean;
  /** A socket error, such as a refused connection or a reset. */
  error?: string;
  /** The server sent more than `maxBytes`: reading stopped there. */
  overflowed: boolean;
}

export interface ExchangeOptions {
  /** Final responses to wait for before hanging up. Default 1. */
  answers?: number;
  /** The request is a HEAD: its responses have no body whatever their Content-Length says. */
  head?: boolean;
  timeoutMs?: number;
  /** Bytes read at most; an answer longer than this is cut off (`overflowed`). Default 1 MiB. */
  maxBytes?: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function header(head: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*?)[ \\t]*$`, 'im').exec(head)?.[1];
}

/** Decodes a chunked body from `start`; undefined while it is incomplete. */
function dechunk(data: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const chunks: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    at = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = data.indexOf(HEAD_END, at - 2);
      return trailerEnd < 0 ? undefined : { body: Buffer.concat(chunks), end: trailerEnd + 4 };
    }
    if (data.length < at + size + 2) return undefined;
    chunks.push(data.subarray(at, at + size));
    at += size + 2;
  }
}

/**
 * The complete responses at the start of `data`; a body without a length counts only once the
 * connection is `closed`.
 * @example parseResponses(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), { head: false, closed: false })
 */
export function parseResponses(
  data: Buffer,
  { head, closed }: { head: boolean; closed: boolean },
): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const headEnd = data.indexOf(HEAD_END, at);
    if (headEnd < 0) break;
    const text = data.subarray(at, headEnd).toString('latin1');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(text)?.[1]);
    if (!status) break;
    let bodyStart = headEnd + 4;
    if (status < 200) {
      at = bodyStart;
      continue;
    }
    const length = header(text, 'content-length');
    let body: Buffer;
    if (head || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(header(text, 'transfer-encoding') ?? '')) {
      const decoded = dechunk(data, bodyStart);
      if (!decoded) break;
      body = decoded.body;
      bodyStart = decoded.end;
    } else if (length !== undefined) {
      if (data.length < bodyStart + Number(length)) break;
      body = data.subarray(bodyStart, bodyStart + Number(length));
      bodyStart += Number(length);
    } else {
      if (!closed) break;
      body = data.subarray(bodyStart);
      bodyStart = data.length;
    }
    responses.push({ status, head: text, body });
    at = bodyStart;
  }
  return responses;
}

/**
 * Sends `request` on a fresh connection to 127.0.0.1:`port` and reads until the awaited answers
 * came, the server closed, or the time ran out; then hangs up. Never rejects.
 * @example const { responses } = await exchange(port, Buffer.from('GET // HTTP/1.1\r\nHost: x\r\n\r\n'));
 */
export function exchange(
  port: number,
  request: Buffer,
  { answers = 1, head = false, timeoutMs = 5000, maxBytes = 1024 * 1024 }: ExchangeOptions = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let done = false;
    let received = 0;
    const socket = net.connect(port, '127.0.0.1');
    const finish = (closed: boolean, timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      const responses = parseResponses(raw, { head, closed });
      resolve({ raw, responses, closed, timedOut, error, overflowed: received > maxBytes });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > maxBytes) return finish(false, false);
      const raw = Buffer.concat(chunks);
      if (parseResponses(raw, { head, closed: false }).length >= answers) finish(false, false);
    });
    // A server that refuses a request may close before reading all of it: EPIPE, ECONNRESET.
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => finish(true, false));
  });
}
