/**
 * What caches may do with an image answer. A URL whose cachebuster is its original's content
 * version (the first 16 hex digits of the hash) names those bytes for good, so it is immutable
 * for a year. Any other URL keeps its name when the original changes: browsers and caches that
 * Thumbdesk cannot purge keep it only `maxAge` seconds and then revalidate (a 304 costs no
 * render); shared caches Thumbdesk purges (`sharedMaxAge`, set when a purge target is
 * configured) may keep it long.
 */

/** Hex digits of the content hash a versioned URL's cachebuster carries. */
export const VERSION_DIGITS = 16;

export const VERSIONED_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface CachePolicy {
  /** Seconds any cache keeps an unversioned answer before revalidating it. */
  maxAgeSeconds: number;
  /** Seconds past that a cache may still answer with it while it revalidates in the background. */
  staleWhileRevalidateSeconds: number;
  /** Seconds shared caches keep an unversioned answer: only when a purge keeps them exact. */
  sharedMaxAgeSeconds?: number | undefined;
}

/**
 * The content version a URL's `cachebuster` must carry to be versioned.
 * @example contentVersion('9f86d081884c7d659a2feaa0c55ad015…') === '9f86d081884c7d65'
 */
export function contentVersion(hash: string): string {
  return hash.slice(0, VERSION_DIGITS);
}

/**
 * Whether a URL with this cachebuster names exactly the original's current bytes.
 * @example isVersioned('9f86d081884c7d65', hash) // true when hash starts with those digits
 */
export function isVersioned(cachebuster: string | undefined, hash: string): boolean {
  return cachebuster !== undefined && cachebuster.toLowerCase() === contentVersion(hash);
}

/**
 * The Cache-Control of an answer.
 * @example cacheControl(false, { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 60 })
 * // 'public, max-age=60, stale-while-revalidate=60'
 */
export function cacheControl(versioned: boolean, policy: CachePolicy): string {
  if (versioned) return VERSIONED_CACHE_CONTROL;
  const parts = ['public', `max-age=${policy.maxAgeSeconds}`];
  if (policy.sharedMaxAgeSeconds !== undefined)
    parts.push(`s-maxage=${policy.sharedMaxAgeSeconds}`);
  if (policy.staleWhileRevalidateSeconds > 0) {
    parts.push(`stale-while-revalidate=${policy.staleWhileRevalidateSeconds}`);
  }
  return parts.join(', ');
}
