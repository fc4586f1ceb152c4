/**
 * A real `thumbdesk serve` (the compiled CLI) under its bounds: `--max-connections` closes the
 * connection past it while the open ones and the process go on, and `--render-timeout` bounds a
 * preview as it bounds a URL (a killed AVIF encode answers the timeout on time).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { exchange } from '../core/test-support/raw-http.js';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { until } from '../core/test-support/poll.js';
import { assertBuilt, startServer, type Server } from '../core/test-support/serve.js';
import { noisePng, SLOW_AVIF_PREVIEW } from '../core/test-support/slow-render.js';

const MAX_CONNECTIONS = 4;
const RENDER_TIMEOUT = 2;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let server: Server | undefined;
let port: number;
let token: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('thumbdesk-serve-limits-');
  const photos = path.join(tmp.dir, 'photos');
  await mkdir(photos);
  await writeFile(path.join(photos, 'noise.png'), await noisePng(512));
  const library = Library.open(path.join(tmp.dir, 'library'));
  try {
    await library.addSource(photos);
  } finally {
    library.close();
  }
  server = await startServer(path.join(tmp.dir, 'library'), [
    '--max-connections',
    String(MAX_CONNECTIONS),
    '--render-timeout',
    String(RENDER_TIMEOUT),
  ]);
  const url = new URL(server.url);
  port = Number(url.port);
  token = new URLSearchParams(url.hash.slice(1)).get('token')!;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await tmp?.cleanup();
});

/** /healthz under the Host the server answers to (its own address and port). */
const health = () => Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);

/**
 * A connection the server has accepted (it answered /healthz on it) and that stays open: a second
 * request's headers are left unfinished, so the keep-alive timeout does not close it.
 */
function heldConnection(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(health()));
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.toString('latin1').startsWith('HTTP/1.1 200')) {
        reject(new Error(`no 200 on a held connection: ${chunk.toString('latin1', 0, 40)}`));
      }
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127');
      resolve(socket);
    });
  });
}

async function api(name: string, input: unknown) {
  const reply = await fetch(`http://127.0.0.1:${port}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
}

describe('serve --max-connections', () => {
  it('closes the connection past the limit, answers again once one closes, and stays up', async () => {
    const held: net.Socket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) held.push(await heldConnection());
    try {
      const past = await exchange(port, health(), { timeoutMs: 5000 });
      // Accepted, then closed before anything was read: no answer, not a timeout.
      expect(past.responses).toEqual([]);
      expect(past.closed).toBe(true);
      expect(past.timedOut).toBe(false);
      held.pop()!.destroy();
      // The server counts the closed socket out once it sees the close: polled, not slept.
      const answered = await until('/healthz on a new connection', async () => {
        const { responses } = await exchange(port, health());
        return responses[0]?.status === 200;
      });
      expect(answered).toBe(true);
      expect(server!.exited()).toBe(false);
      expect(server!.stderr()).toMatch(/\d+ connection\(s\) closed at once: 4 are open/);
    } finally {
      for (const socket of held) socket.destroy();
    }
  }, 30_000);
});

describe('serve --render-timeout', () => {
  it('bounds a preview: an AVIF encode past it answers the timeout error on time', async () => {
    const { body } = await api('listOriginals', {});
    const originalId = (body.items as { id: number }[])[0]!.id;
    // A render process running already: starting one (seconds on a loaded machine) is not the
    // render's time.
    const warm = { name: 'warm', width: 16, formats: ['webp'] };
    expect((await api('preview', { preset: warm, originalId, density: 1 })).status).toBe(200);
    const started = Date.now();
    const refused = await api('preview', { ...SLOW_AVIF_PREVIEW, originalId });
    // 2 s, the second of grace libvips gets, and a loaded machine's slack; 30 s without the flag.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'refused',
          message: `the avif preview took longer than ${RENDER_TIMEOUT} s`,
        },
      },
    });
    expect(server!.exited()).toBe(false);
  }, 30_000);
});
