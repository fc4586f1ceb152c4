/**
 * What kind of address the server listens on: every interface (a wildcard) or this machine
 * only (loopback). The Host header check, the printed URL and the URL API's `insecure` rule
 * all ask here.
 */
import net from 'node:net';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * Whether a listen address takes connections on every interface.
 * @example isWildcard('0.0.0.0') && isWildcard('::') && !isWildcard('127.0.0.1')
 */
export function isWildcard(host: string): boolean {
  return WILDCARDS.has(host);
}

/**
 * Whether a listen address only takes connections from this machine.
 * @example isLoopback('127.0.0.1') && isLoopback('::1') && !isLoopback('0.0.0.0')
 */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1' || /^::ffff:127\./.test(bare);
}

/**
 * An address as a URL or a Host header writes it: IPv6 in brackets.
 * @example urlHost('::1') === '[::1]' && urlHost('127.0.0.1') === '127.0.0.1'
 */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
