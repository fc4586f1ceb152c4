/**
 * The HTTP host's two fences: a random admin token (whoever opens the printed URL has it, no
 * other page does) and a Host header check, which stops a DNS-rebinding page from talking to a
 * server on 127.0.0.1 under a name it controls.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import { isWildcard, urlHost } from './listen-address.js';

/** @example const token = makeToken(); // 32 URL-safe characters */
export function makeToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Whether the request carries the token: `Authorization: Bearer …`, or for GET requests (an
 * EventSource or an `<img>` cannot send headers) a `token` query parameter.
 * @example hasToken(req, url, token) || refuse(res)
 */
export function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const header = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = header ?? (req.method === 'GET' ? url.searchParams.get('token') : null);
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The Host header values the server answers to: loopback names and the address it listens on,
 * each with the port; every interface's address too when it listens on all of them.
 * @example allowedHosts('127.0.0.1', 8080).has('localhost:8080') === true
 */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (isWildcard(listenHost)) {
    for (const list of Object.values(os.networkInterfaces())) {
      for (const address of list ?? []) {
        names.add(urlHost(address.address));
      }
    }
  } else {
    names.add(urlHost(listenHost));
  }
  return new Set([...names].map((name) => `${name.toLowerCase()}:${port}`));
}
