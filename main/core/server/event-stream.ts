/**
 * The contract's events as server-sent events: one `event:` per contract event name, its payload
 * as JSON, and a comment every so often so proxies and browsers keep the stream open.
 */
import type { ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../../shared/contract/channels.js';
import type { ContractService } from '../service/service-host.js';

const HEARTBEAT_MS = 15_000;

/**
 * Bytes a stream may hold for a client that does not read them: past it the client is dropped
 * (a browser's EventSource reconnects and refetches) rather than kept every event in memory.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

/**
 * Streams every event of `service` to `res` until the client goes away, or stops reading for
 * longer than MAX_UNSENT_BYTES of events.
 * @example streamEvents(service, res);
 */
export function streamEvents(service: ContractService, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (text: string) => {
    if (res.writableLength > MAX_UNSENT_BYTES) res.destroy();
    else res.write(text);
  };
  send(': connected\n\n');
  const stops = EVENT_NAMES.map((name) =>
    service.on(name, (payload: unknown) => {
      send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    for (const stop of stops) stop();
  });
}
