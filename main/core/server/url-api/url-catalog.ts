/**
 * Everything the URL API asks of the catalog, as one typed contract. The catalog's owner answers
 * it: in `thumbdesk serve` the service worker (the HTTP thread keeps no SQLite connection of its
 * own), in tests and embedders an owner in the same thread (url-catalog/owner.ts). Inputs and
 * outputs are plain data, so each call crosses a worker's message port unchanged.
 */
import type { Preset } from '../../../../shared/preset.js';
import type { UrlRender, UrlRenderRecord } from '../../catalog/url-renders.js';
import type { PurgeFigures } from '../../edge/purge-metrics.js';
import type { FoundOriginal } from './found-original.js';
import type { SourceRef } from './source-url.js';

/** Uses of results noted on the HTTP thread, key → when (ms since the epoch). */
export type ResultUses = [key: string, usedAt: number][];

/** Image paths answered, each with the surrogate keys its answer carried. */
export type AnsweredPathList = [path: string, keys: readonly string[]][];

/** The calls, by name: what each takes and what it answers. */
export interface UrlCatalogCalls {
  /** The library's figures the HTTP thread needs to render and read results. */
  library: { input: undefined; output: LibraryFacts };
  /** The original a URL names, rescanned first when its file changed: 404/422 when unusable. */
  find: { input: SourceRef; output: FoundOriginal };
  /** A library preset by name (`pr:` URLs). */
  preset: { input: string; output: Preset | undefined };
  /** When that preset was last saved or renamed (Last-Modified of `pr:` answers). */
  presetUpdatedAt: { input: string; output: number | undefined };
  /**
   * When the catalog first answered with these output settings and this render engine
   * (answer-modified.ts): the Last-Modified floor of every answer.
   */
  pipelineSince: { input: Record<string, unknown>; output: number };
  /**
   * The file already built for a result (the URL API's own, or a preset's derivative with the
   * same key, which is then recorded as the URL API's too), relative to the cache folder.
   */
  builtFile: {
    input: Omit<UrlRenderRecord, keyof UrlRender> & { key: string };
    output: string | undefined;
  };
  /** Records a result just written (and the uses noted so far), keeping the disk under `maxBytes`. */
  record: {
    input: { render: UrlRenderRecord; uses: ResultUses; maxBytes: number };
    output: undefined;
  };
  /** Rescans one original whose bytes no longer match its hash. */
  rescan: { input: SourceRef; output: undefined };
  /** Writes uses of cached results noted on the HTTP thread. */
  touch: { input: ResultUses; output: undefined };
  /**
   * Records image paths answered (`serve --purge`), so that a purge by key names their paths
   * too (CloudFront and webhooks invalidate paths).
   */
  answered: { input: AnsweredPathList; output: undefined };
  /** Figures for /metrics; `purges` are the counters of serve's `--purge` purges. */
  stats: {
    input: undefined;
    output: { cacheBytes: number; evictions: number; purges: PurgeFigures };
  };
  /** Answers once the owner's catalog answers a query: /healthz. */
  ping: { input: undefined; output: undefined };
  /** Resolves once no eviction is under way (before the catalog closes). */
  settled: { input: undefined; output: undefined };
}

export type UrlCatalogCall = keyof UrlCatalogCalls;

// A record, so that the compiler refuses a call left out.
const CALLS: Record<UrlCatalogCall, true> = {
  library: true,
  find: true,
  preset: true,
  presetUpdatedAt: true,
  pipelineSince: true,
  builtFile: true,
  record: true,
  rescan: true,
  touch: true,
  answered: true,
  stats: true,
  ping: true,
  settled: true,
};

/** Every call's name, for a remote implementation to build its methods from. */
export const URL_CATALOG_CALLS = Object.keys(CALLS) as UrlCatalogCall[];

/** The contract as methods, each answering asynchronously. */
export type UrlCatalog = {
  [N in UrlCatalogCall]: (
    input: UrlCatalogCalls[N]['input'],
  ) => Promise<UrlCatalogCalls[N]['output']>;
};

export interface LibraryFacts {
  /** The library's folder. */
  dir: string;
  /** Where results are written (the library's cache folder). */
  cacheDir: string;
  /** Largest source width × height the library reads. */
  pixelLimit: number;
  /** Renders at once by default. */
  concurrency: number;
}
