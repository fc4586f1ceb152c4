import { EventEmitter } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { ContractService } from '../service/service-host.js';
import { until } from '../test-support/poll.js';
import { MAX_UNSENT_BYTES, streamEvents } from './event-stream.js';

/** The service's events, emitted by the test. */
const events = new EventEmitter();
const service = {
  on: (name: string, listener: (payload: unknown) => void) => {
    events.on(name, listener);
    return () => void events.off(name, listener);
  },
} as unknown as ContractService;

let server: http.Server | undefined;
let client: net.Socket | undefined;
afterEach(() => {
  client?.destroy();
  server?.close();
});

/** A server streaming events, and a raw client connected to it that has read the first line. */
async function connect(): Promise<ServerResponse> {
  let response: ServerResponse | undefined;
  server = http.createServer((_req, res) => {
    response = res;
    streamEvents(service, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = net.connect(port, '127.0.0.1');
  client.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  let text = '';
  client.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  await until('the stream to open', () => text.includes(': connected'));
  return response!;
}

it('streams each event as it comes to a client that reads', async () => {
  await connect();
  let text = '';
  client!.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  events.emit('jobProgress', { id: 1, state: 'running' });
  await until('the event', () => text.includes('event: jobProgress\ndata: {"id":1'));
});

it('drops a client that stops reading once MAX_UNSENT_BYTES wait for it, and unsubscribes', async () => {
  const response = await connect();
  client!.pause();
  const payload = { note: 'x'.repeat(64 * 1024) };
  // Far past what the kernel's socket buffers and the bound hold together.
  for (let i = 0; i < 1000 && !response.destroyed; i++) {
    events.emit('jobProgress', payload);
    expect(response.writableLength).toBeLessThanOrEqual(MAX_UNSENT_BYTES + 70 * 1024);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(response.destroyed).toBe(true);
  await until('the listeners gone', () => events.listenerCount('jobProgress') === 0);
});
