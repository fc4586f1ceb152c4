/**
 * What bounds the sockets `thumbdesk serve` holds open: how many at once (past it a new
 * connection is closed as soon as it is accepted, so the ones already open keep answering), and
 * how long a request may take to arrive and an idle keep-alive may wait. The timeouts are Node's
 * own defaults, written out so that a Node upgrade cannot loosen them unseen. There is no idle
 * timeout on a socket: a render may rightly keep one silent for --render-timeout seconds.
 */
import type { Server } from 'node:http';

export const CONNECTION_LIMITS = {
  /** Sockets open at once (`serve --max-connections`). */
  maxConnections: 1024,
  /** A request's headers must arrive within this (slow-header attacks). */
  headersTimeoutMs: 60_000,
  /** A whole request, body included (an upload), must arrive within this. */
  requestTimeoutMs: 300_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
} as const;

// Under a flood, one line a minute says connections are being refused, not one per connection.
const DROP_LOG_MS = 60_000;

/**
 * Applies the limits to `server`, at most `maxConnections` sockets at once; refused connections
 * are logged at most once a minute with how many there were.
 * @example limitConnections(server, 1024, (line) => process.stderr.write(`${line}\n`));
 */
export function limitConnections(
  server: Server,
  maxConnections: number,
  log: (message: string) => void,
): void {
  server.maxConnections = maxConnections;
  server.headersTimeout = CONNECTION_LIMITS.headersTimeoutMs;
  server.requestTimeout = CONNECTION_LIMITS.requestTimeoutMs;
  server.keepAliveTimeout = CONNECTION_LIMITS.keepAliveTimeoutMs;
  let dropped = 0;
  let loggedAt = -Infinity;
  server.on('drop', () => {
    dropped += 1;
    if (Date.now() - loggedAt < DROP_LOG_MS) return;
    loggedAt = Date.now();
    log(`thumbdesk serve: ${dropped} connection(s) closed at once: ${maxConnections} are open`);
    dropped = 0;
  });
}
