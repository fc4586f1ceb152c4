/**
 * The surrogate keys an image answer names (Varnish's `xkey`, Fastly's `Surrogate-Key`,
 * Cloudflare's `Cache-Tag`), so that a purge can name what changed instead of every URL built
 * from it. Keys hash an identity that outlives content: an original's key comes from its source
 * and path, so the URLs cached before its bytes changed carry the same key the purge names.
 */
import { createHash } from 'node:crypto';

/** 16 hex digits: short enough for any CDN's header limits, 64 bits against collisions. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The key of the original at `relPath` in the source with id `sourceId`.
 * @example originalKey(1, 'trips/a.jpg') // 'o-…' (16 hex digits)
 */
export function originalKey(sourceId: number, relPath: string): string {
  return `o-${shortHash(`${sourceId}\0${relPath}`)}`;
}

/**
 * The key of a library preset, by name (what a `pr:` URL names).
 * @example presetKey('thumb') // 'p-…'
 */
export function presetKey(name: string): string {
  return `p-${shortHash(name)}`;
}

/**
 * The headers that carry `keys` to each kind of cache: space-separated for Varnish and Fastly,
 * comma-separated for Cloudflare.
 * @example surrogateHeaders(['o-0123456789abcdef']).xkey === 'o-0123456789abcdef'
 */
export function surrogateHeaders(keys: readonly string[]): Record<string, string> {
  return {
    xkey: keys.join(' '),
    'Surrogate-Key': keys.join(' '),
    'Cache-Tag': keys.join(','),
  };
}
