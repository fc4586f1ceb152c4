/**
 * The fast lane over a real node:http server on loopback: what it answers is byte for byte
 * what node:http writes for the same headers (the Date aside), and everything it does not answer
 * reaches node:http intact, in order, with the connection kept by node:http from then on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange, parseResponses, type RawResponse } from '../test-support/raw-http.js';
import { installFastLane, type FastAnswer, type FastLane } from './fast-lane.js';

const BODY = Buffer.from('fast bytes\n');
const HEADERS = ['ETag', '"k1"', 'Cache-Control', 'max-age=60', 'Content-Type', 'text/plain'];
const OK = [...HEADERS, 'Content-Length', String(BODY.length)];

interface Started {
  port: number;
  lane: FastLane | undefined;
  /** Targets the lane answered, in order. */
  fast: string[];
  /** Targets node:http answered, in order. */
  slow: string[];
}

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/**
 * A server whose node:http handler answers every request as the lane answers `/fast*` ones
 * (`/fast304` a 304), so either's bytes can be compared; with `lane: false`, node:http only.
 */
async function start(lane = true, answer?: FastAnswer, keepAliveTimeout = 5000): Promise<Started> {
  const started: Started = { port: 0, lane: undefined, fast: [], slow: [] };
  const server = http.createServer((req, res) => {
    started.slow.push(req.url!);
    if (req.url === '/fast304') res.writeHead(304, HEADERS).end();
    else res.writeHead(200, OK).end(req.method === 'HEAD' ? undefined : BODY);
  });
  server.keepAliveTimeout = keepAliveTimeout;
  servers.push(server);
  if (lane) {
    started.lane = installFastLane(
      server,
      answer ??
        ((request, write) => {
          if (!request.url.startsWith('/fast')) return false;
          const done = request.url === '/fast304' ? write(304, HEADERS) : write(200, OK, BODY);
          if (done) started.fast.push(request.url);
          return done;
        }),
    );
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started.port = (server.address() as AddressInfo).port;
  return started;
}

const request = (target: string, method = 'GET', extra = '') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

/** A response's head without its Date line, which depends on the second it was written in. */
const undated = (response: RawResponse) => response.head.replace(/\r\nDate: [^\r]*/, '');

describe('fast lane', () => {
  it('answers what node:http answers, byte for byte but the Date', async () => {
    const lane = await start();
    const slow = await start(false);
    for (const [target, method] of [
      ['/fast', 'GET'],
      ['/fast', 'HEAD'],
      ['/fast304', 'GET'],
    ] as const) {
      const options = { head: method === 'HEAD' };
      const a = await exchange(lane.port, Buffer.from(request(target, method)), options);
      const b = await exchange(slow.port, Buffer.from(request(target, method)), options);
      expect(a.responses).toHaveLength(1);
      expect(undated(a.responses[0]!)).toBe(undated(b.responses[0]!));
      expect(a.responses[0]!.body).toEqual(b.responses[0]!.body);
      // Nothing after the answer: a HEAD or 304 carries no body on either side.
      expect(a.raw.length - a.responses[0]!.head.length).toBe(
        b.raw.length - b.responses[0]!.head.length,
      );
      expect(a.responses[0]!.head).toMatch(/\r\nDate: \w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT/);
    }
    expect(lane.fast).toEqual(['/fast', '/fast', '/fast304']);
    expect(lane.slow).toEqual([]);
  });

  it('sends each answer its own body, small (joined to the head) or large (written after it)', async () => {
    // Two small bodies of one length under one header list (the joined bytes are remembered
    // for a body, not for the list), and one past the size up to which bodies are joined.
    const bodies = {
      '/a': Buffer.from('first body\n'),
      '/b': Buffer.from('other body\n'),
      '/large': Buffer.alloc(100 * 1024, 'x'),
    };
    const small = [...HEADERS, 'Content-Length', String(bodies['/a'].length)];
    const large = [...HEADERS, 'Content-Length', String(bodies['/large'].length)];
    const lane = await start(true, (request, write) => {
      const body = bodies[request.url as keyof typeof bodies];
      return write(200, request.url === '/large' ? large : small, body);
    });
    for (const target of ['/a', '/b', '/a', '/large', '/b'] as const) {
      const { responses } = await exchange(lane.port, Buffer.from(request(target)));
      expect(responses).toHaveLength(1);
      expect(responses[0]!.body).toEqual(bodies[target]);
    }
    // The large one last: a socket holding 100 KB unsent needs a drain, and what follows it
    // then goes to node:http (a client that does not read its answers is node:http's).
    const pipelined = ['/b', '/a', '/large'] as const;
    const { responses } = await exchange(
      lane.port,
      Buffer.from(pipelined.map((t) => request(t)).join('')),
      { answers: pipelined.length },
    );
    expect(responses.map((r) => r.body)).toEqual(pipelined.map((t) => bodies[t]));
    expect(lane.slow).toEqual([]);
  });

  it('answers pipelined requests in order and hands the rest to node:http at the first it does not answer', async () => {
    const server = await start();
    const pipelined = ['/fast', '/fast', '/other', '/fast', '/fast304'].map((t) => request(t));
    const { responses } = await exchange(server.port, Buffer.from(pipelined.join('')), {
      answers: 5,
    });
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 304]);
    expect(server.fast).toEqual(['/fast', '/fast']);
    // Once node:http has the connection, it keeps it: the later /fast requests are its own.
    expect(server.slow).toEqual(['/other', '/fast', '/fast304']);
  });

  it('hands a head that arrives in pieces to node:http, which reads it whole', async () => {
    const server = await start();
    const { port } = server;
    const net = await import('node:net');
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const whole = request('/fast') + request('/fast');
    socket.write(whole.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(whole.slice(10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    expect(
      Buffer.concat(chunks)
        .toString('latin1')
        .match(/HTTP\/1\.1 200 OK/g),
    ).toHaveLength(2);
    expect(server.fast).toEqual([]);
    expect(server.slow).toEqual(['/fast', '/fast']);
  });

  it.each([
    ['a body length', request('/fast', 'GET', 'Content-Length: 0\r\n')],
    ['chunked framing', request('/fast', 'GET', 'Transfer-Encoding: chunked\r\n') + '0\r\n\r\n'],
    ['Expect', request('/fast', 'GET', 'Expect: 100-continue\r\n')],
    ['Upgrade', request('/fast', 'GET', 'Upgrade: websocket\r\nConnection: Upgrade\r\n')],
    ['Connection: close', request('/fast', 'GET', 'Connection: close\r\n')],
    ['an obs-fold', request('/fast', 'GET', 'X-A: 1\r\n  2\r\n')],
    ['a bare LF', 'GET /fast HTTP/1.1\r\nHost: 127.0.0.1\nX-A: 1\r\n\r\n'],
    ['a space before the colon', request('/fast', 'GET', 'X-A : 1\r\n')],
    ['two Hosts', request('/fast', 'GET', 'Host: 127.0.0.1\r\n')],
    ['no Host', 'GET /fast HTTP/1.1\r\n\r\n'],
    ['HTTP/1.0', 'GET /fast HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n'],
    ['an absolute-form target', request('http://127.0.0.1/fast')],
    ['a POST', request('/fast', 'POST')],
    ['a lower-case method', request('/fast', 'get')],
    ['a fragment', request('/fast#x')],
    ['a byte outside ASCII', request('/fast', 'GET', 'X-A: \xe9\r\n')],
    ['a trailing space in a value', request('/fast', 'GET', 'X-A: 1 \r\n')],
    ['a blank line first', `\r\n${request('/fast')}`],
  ])('leaves a request with %s to node:http', async (_, text) => {
    const server = await start();
    const result = await exchange(server.port, Buffer.from(text, 'latin1'), { timeoutMs: 2000 });
    expect(server.fast).toEqual([]);
    // node:http answered it (or refused it) itself.
    expect(result.raw.length).toBeGreaterThan(0);
  });

  it('waits for what an answer needs, with later requests kept in order behind it', async () => {
    let ready = false;
    const server: Started = await start(true, (request, write, mayWait) => {
      if (request.url === '/later' && !ready) {
        if (!mayWait) return false;
        return new Promise((resolve) => setTimeout(resolve, 100)).then(() => (ready = true));
      }
      const done = write(200, OK, Buffer.from(request.url.padEnd(BODY.length)));
      if (done) server.fast.push(request.url);
      return done;
    });
    const net = await import('node:net');
    const socket = net.connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(request('/later') + request('/a'));
    // Sent while the lane waits: read after the requests before it.
    await new Promise((resolve) => setTimeout(resolve, 30));
    socket.write(request('/b'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    const replies = parseResponses(Buffer.concat(chunks), { head: false, closed: true });
    const bodies = replies.map((r) => r.body.toString('latin1').trimEnd());
    expect(bodies).toEqual(['/later', '/a', '/b']);
    expect(server.fast).toEqual(['/later', '/a', '/b']);
    expect(server.slow).toEqual([]);
  });

  it('hands a request that still misses after its wait to node:http, with what follows', async () => {
    const server: Started = await start(true, (request, write, mayWait) => {
      if (request.url === '/never') return mayWait ? Promise.resolve() : false;
      const done = write(200, OK, BODY);
      if (done) server.fast.push(request.url);
      return done;
    });
    const pipelined = [request('/fast'), request('/never'), request('/fast')].join('');
    const { responses } = await exchange(server.port, Buffer.from(pipelined), { answers: 3 });
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.fast).toEqual(['/fast']);
    expect(server.slow).toEqual(['/never', '/fast']);
  });

  it('hands a request whose lookup outlasts the keep-alive timeout to node:http, not to a close', async () => {
    const server: Started = await start(
      true,
      (request, write, mayWait) => {
        if (request.url === '/slow-lookup') {
          return mayWait ? new Promise((resolve) => setTimeout(resolve, 1500)) : false;
        }
        const done = write(200, OK, BODY);
        if (done) server.fast.push(request.url);
        return done;
      },
      1000,
    );
    const pipelined = request('/fast') + request('/slow-lookup');
    const result = await exchange(server.port, Buffer.from(pipelined), { answers: 2 });
    expect(result.responses.map((r) => r.status)).toEqual([200, 200]);
    expect(server.fast).toEqual(['/fast']);
    expect(server.slow).toEqual(['/slow-lookup']);
  });

  it('hands over a request whose headers node:http would write differently', async () => {
    // A Date given by the handler replaces node:http's own: the lane does not imitate that.
    const server = await start(true, (_request, write) => write(200, ['Date', 'x'], BODY));
    const { responses } = await exchange(server.port, Buffer.from(request('/fast')));
    expect(responses[0]!.status).toBe(200);
    expect(server.slow).toEqual(['/fast']);
  });

  it('closes the connections it holds when it is closed', async () => {
    const server = await start();
    const { port } = server;
    const net = await import('node:net');
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(request('/fast'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('data', () => undefined);
    server.lane!.closeAllConnections();
    await closed;
    expect(server.fast).toEqual(['/fast']);
  });
});
