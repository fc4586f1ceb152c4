/**
 * The URL API's defaults, apart from the API itself so that the CLI can show them in --help
 * without loading the server (and prom-client) at every start.
 */
import type { CachePolicy } from './cache-policy.js';
import type { SigningPair } from './signature.js';

export const URL_API_DEFAULTS = {
  // No signing key: `insecure` URLs only, and only on loopback.
  keys: [] as readonly SigningPair[],
  allowInsecure: false,
  onlyPresets: false,
  // imgproxy's defaults: the source's format unless the operator lets Accept choose.
  autoWebp: false,
  autoAvif: false,
  maxSize: 8192,
  renderTimeoutSeconds: 30,
  // Unversioned URLs: a minute fresh, then revalidated (a 304 unless the original changed).
  cache: { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 60 } as CachePolicy,
  // What shared caches keep unversioned answers when purges keep them exact. A day, not a year:
  // a change made while no serve was running is never purged, and this bounds it.
  sharedMaxAgeSeconds: 86_400,
  maxQueue: 64,
  memoryCacheBytes: 64 * 1024 * 1024,
  // Tens of thousands of typical results, and still a size any disk can spare.
  urlCacheMaxBytes: 1024 * 1024 * 1024,
  catalogRecheckMs: 1000,
  // A stat costs a cached answer a third of its time; a hot URL needs it 20 times a second.
  fileRecheckMs: 50,
  // Long enough for a catalog busy with a big write, short enough for a load balancer's probe.
  healthTimeoutMs: 2000,
} as const;
