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
 * EventSource or an `<img>` cannot send headers) a `token` query parameter. `req.url` is the
 * origin-form the host leaves there.
 * @example hasToken(req, token) || refuse(res)
 */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const header = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const given = header ?? (req.method === 'GET' ? query.get('token') : null);
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Loopback names and the address listened on (every interface's for a wildcard), with port. */
function listenerHosts(listenHost: string, port: number): Set<string> {
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

/**
 * Whether a Host header value (or an absolute-form target's authority) is one the server answers
 * to: loopback names and the address it listens on, each with the port (every interface's
 * address when it listens on all of them), and the operator's own names (`--allowed-host`, a
 * reverse proxy's public name), which count with any port or none. A DNS-rebinding page sends
 * its own name, never one of these.
 * @example hostGuard('127.0.0.1', 8080)('localhost:8080') === true
 * @example hostGuard('127.0.0.1', 8080, ['img.example.com'])('img.example.com') === true
 */
export function hostGuard(
  listenHost: string,
  port: number,
  names: readonly string[] = [],
): (host: string) => boolean {
  const exact = listenerHosts(listenHost, port);
  const named = new Set(names.map((name) => name.toLowerCase()));
  return (host) => {
    const value = host.toLowerCase();
    return exact.has(value) || named.has(value) || named.has(value.replace(/:\d+$/, ''));
  };
}

// A DNS name or an IP literal, with an optional port: what a Host header can carry.
const HOST_NAME =
  /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/i;

/**
 * Whether a name given for `--allowed-host` is a host name (or IP literal) with an optional port.
 * @example isHostName('img.example.com') && isHostName('[::1]:8420') && !isHostName('*.example.com')
 */
export function isHostName(name: string): boolean {
  return HOST_NAME.test(name);
}
