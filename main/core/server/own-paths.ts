/**
 * Which paths the HTTP host (http-host.ts) answers itself — the renderer, the contract, library
 * media — and so which requests may reach the handlers mounted on it (every other path).
 */
import { parseRequestTarget } from './request-target.js';
import { memoByString } from './string-memo.js';

/**
 * The host's own paths (a parsed pathname: dot segments resolved); everything else belongs to
 * mounted handlers.
 * @example isOwnPath('/api/images') && !isOwnPath('/sig/rs:fit:300:0/plain/a.jpg')
 */
export function isOwnPath(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname === '/index.html' ||
    pathname.startsWith('/assets/') ||
    pathname.startsWith('/api/') ||
    pathname.startsWith('/media/')
  );
}

/**
 * Whether a request target as sent parses and names a path that is not the host's own: the
 * routing the fast lane does for every request. Remembered per target (bounded): a cached
 * image's URL is asked for thousands of times a second, and parsing it with `URL` each time was
 * 4.5 % of the served process's samples (bench/README, "URL API, run 5").
 * @example isMountedTarget('/sig/rs:fit:300:0/plain/a.jpg') && !isMountedTarget('/x/../api/images')
 */
export const isMountedTarget = memoByString(
  (target) => {
    const parsed = parseRequestTarget(target);
    return parsed !== undefined && !isOwnPath(parsed.url.pathname);
  },
  { maxEntries: 4096, maxKeyLength: 512 },
);
