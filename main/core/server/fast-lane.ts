/**
 * A fast lane in front of node:http for answers that are already in memory (the URL API's
 * cached images). node:http spends most of a cached answer's time on its own machinery
 * (parser objects, IncomingMessage and ServerResponse, header objects, events); this lane reads
 * a connection's bytes itself, and when a request is one of the plain ones request-head.ts
 * knows and `answer` can answer it at once, writes the prepared bytes straight to the socket.
 *
 * A request `answer` can answer once something is looked up (a URL not remembered, or no
 * longer) waits for that with the connection paused, then is asked again. Anything else — a
 * request it does not know, a second miss, a partial head, a client that does not read — hands
 * the connection to node:http with every byte not answered yet put back in front
 * (`socket.unshift`), and the connection stays with node:http from then on. Pipelined requests
 * are answered in order up to the first one that is not the lane's.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { readRequestHead, type RequestHead } from './request-head.js';
import { responseHead } from './response-head.js';

/**
 * Writes an answer on the lane: false (and nothing written) when node:http would write these
 * headers differently from the lane, so the request must go to node:http instead.
 */
export type FastWrite = (status: number, headers: readonly string[], body?: Buffer) => boolean;

/**
 * Answers `request` through `write` and returns true, or returns false having written nothing
 * and changed nothing a slow answer would do again (the request then goes to node:http). When
 * `mayWait`, it may instead return a promise of the work that would let it answer (looking the
 * request up): the lane stops reading the connection until that settles, then asks once more,
 * with `mayWait` false.
 */
export type FastAnswer = (
  request: RequestHead,
  write: FastWrite,
  mayWait: boolean,
) => boolean | Promise<unknown>;

export interface FastLane {
  /** Destroys the connections the lane still holds (node:http's own are closed by node:http). */
  closeAllConnections(): void;
}

interface Prepared {
  second: number;
  status: number;
  bodyLength: number | undefined;
  head: Buffer;
  /** The head and `body` in one buffer, made on the first GET of the second that sends it. */
  joined?: { body: Buffer; bytes: Buffer };
}

/**
 * Bodies up to this size go out joined to their head: one buffer in one write, where a head
 * and a body cost two writes through the socket's buffered (corked) path. The join is made once
 * a second per answer, so memory holds each hot small answer twice at most.
 */
const JOIN_LIMIT = 64 * 1024;

/**
 * Puts the lane in front of `server`, which must not have received a connection yet: node:http's
 * connection listener is taken off and called for the connections the lane hands over.
 * Returns undefined (and changes nothing) when the server is set up in a way the lane does not
 * reproduce: a request limit per connection, no keep-alive timeout, or no connection listener
 * of node:http's to take over from.
 * @example const lane = installFastLane(server, (request, write) => write(200, ['Content-Length', '2'], Buffer.from('ok')));
 */
export function installFastLane(server: Server, answer: FastAnswer): FastLane | undefined {
  const listeners = server.listeners('connection');
  const node = listeners.find((l) => l.name === 'connectionListener') as
    ((this: Server, socket: Socket) => void) | undefined;
  if (!node || server.maxRequestsPerSocket || server.keepAliveTimeout < 1000) return undefined;
  const held = new Set<Socket>();
  // Heads are built once a second per header list (an answer keeps its list while it lasts).
  const prepared = new WeakMap<readonly string[], Prepared>();
  let date = { second: -1, text: '' };

  const preparedFor = (status: number, headers: readonly string[], bodyLength?: number) => {
    const second = Math.floor(Date.now() / 1000);
    const known = prepared.get(headers);
    if (known?.second === second && known.status === status && known.bodyLength === bodyLength) {
      return known;
    }
    if (date.second !== second) date = { second, text: new Date(second * 1000).toUTCString() };
    const keepAlive = Math.floor(server.keepAliveTimeout / 1000);
    const head = responseHead(status, headers, bodyLength, date.text, keepAlive);
    if (!head) return undefined;
    const made: Prepared = { second, status, bodyLength, head };
    prepared.set(headers, made);
    return made;
  };
  const joinedBytes = (ready: Prepared, body: Buffer) => {
    if (ready.joined?.body !== body) {
      ready.joined = { body, bytes: Buffer.concat([ready.head, body]) };
    }
    return ready.joined.bytes;
  };

  const accept = (socket: Socket) => {
    held.add(socket);
    let answered = false;
    // Bytes read but not answered while the lane waits for an answer to be looked up (the
    // socket is paused meanwhile), and whether the client ended its side in that time.
    let pending: Buffer | undefined;
    let ended = false;
    const handOff = (rest?: Buffer) => {
      held.delete(socket);
      socket.setTimeout(0);
      socket.off('data', onData).off('timeout', onTimeout).off('error', onError);
      socket.off('end', onEnd).off('close', onClose);
      // Paused while node:http sets up (it reads the handle itself from then on, and a paused
      // socket keeps its buffer); resuming then gives it the unanswered bytes first, in front
      // of any that arrived while the lane waited.
      socket.pause();
      if (rest?.length) socket.unshift(rest);
      node.call(server, socket);
      socket.resume();
    };
    /** Answers the requests in `data` in order; `mayWait` for the first one. */
    const run = (data: Buffer, mayWait: boolean) => {
      let at = 0;
      let wait: Promise<unknown> | undefined;
      // Pipelined answers after the first are corked, to go out together.
      let corked = false;
      try {
        // A client that does not read its answers is node:http's to slow down.
        while (at < data.length && !socket.writableNeedDrain) {
          const head = readRequestHead(data, at);
          if (!head) break;
          if (at > 0 && !corked) {
            socket.cork();
            corked = true;
          }
          const write: FastWrite = (status, headers, body) => {
            const ready = preparedFor(status, headers, body?.length);
            if (!ready) return false;
            if (!body || head.method !== 'GET') {
              socket.write(ready.head);
            } else if (body.length <= JOIN_LIMIT) {
              socket.write(joinedBytes(ready, body));
            } else {
              socket.cork(); // one writev for the two
              socket.write(ready.head);
              socket.write(body);
              socket.uncork();
            }
            return true;
          };
          const result = answer(head, write, mayWait);
          if (result !== true) {
            if (result !== false) wait = result;
            break;
          }
          answered = true;
          mayWait = true;
          at += head.length;
        }
      } finally {
        if (corked) socket.uncork();
      }
      if (at === data.length) return;
      if (!wait) return handOff(data.subarray(at));
      pending = data.subarray(at);
      socket.pause();
      const settle = () => {
        if (!held.has(socket) || socket.destroyed) return;
        const again = pending!;
        pending = undefined;
        // Asked once more, without waiting again: a second miss is node:http's.
        run(again, false);
        if (pending || !held.has(socket)) return;
        if (ended) socket.end();
        else socket.resume();
      };
      void wait.then(settle, settle);
    };
    const onData = (data: Buffer) => {
      if (pending) pending = Buffer.concat([pending, data]);
      else run(data, true);
    };
    // The socket's idle timer restarts with every read and write. Nothing came within the
    // keep-alive time: node:http waits for a first request by its own rules (headersTimeout);
    // a connection idle that long after an answer is closed, as node:http closes it. A request
    // whose lookup takes that long is not dropped: node:http answers it.
    const onTimeout = () => (answered && !pending ? socket.destroy() : handOff(pending));
    const onError = () => socket.destroy();
    // The client has sent all it will: end ours too once everything it sent is answered.
    const onEnd = () => {
      ended = true;
      if (!pending) socket.end();
    };
    const onClose = () => held.delete(socket);
    socket.on('data', onData).on('error', onError).on('end', onEnd).on('close', onClose);
    socket.on('timeout', onTimeout).setTimeout(server.keepAliveTimeout);
  };

  server.off('connection', node);
  server.on('connection', accept);
  return {
    closeAllConnections() {
      for (const socket of held) socket.destroy();
      held.clear();
    },
  };
}
