/**
 * The URL API's defaults, apart from the API itself so that the CLI can show them in --help
 * without loading the server (and prom-client) at every start.
 */
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
  cacheControl: 'public, max-age=31536000, immutable',
  maxQueue: 64,
  memoryCacheBytes: 64 * 1024 * 1024,
  // Tens of thousands of typical results, and still a size any disk can spare.
  urlCacheMaxBytes: 1024 * 1024 * 1024,
  catalogRecheckMs: 1000,
  // A stat costs a cached answer a third of its time; a hot URL needs it 20 times a second.
  fileRecheckMs: 50,
} as const;
