/**
 * The catalog's side of the URL API's contract (server/url-api/url-catalog.ts), over an open
 * Library: lookups and rescans of originals, presets, recorded results, their uses and the size
 * cap on them. In `thumbdesk serve` it runs in the service worker beside the service, so the
 * library has one owner; tests run it in their own thread.
 */
import { presetByName, presetUpdatedAt } from '../catalog/presets.js';
import { stmt } from '../catalog/statements.js';
import { sourceByName } from '../catalog/sources.js';
import {
  derivativeByKey,
  recordUrlRender,
  touchUrlRenders,
  urlRenderByKey,
  urlRenderBytes,
} from '../catalog/url-renders.js';
import { ANSWERED_PATHS_MAX, AnsweredPaths } from '../edge/answered-paths.js';
import { NO_PURGE_FIGURES, type PurgeFigures } from '../edge/purge-metrics.js';
import type { Library } from '../library/library.js';
import { pipelineSince } from './pipeline-since.js';
import type { ResultUses, UrlCatalog } from '../server/url-api/url-catalog.js';
import { UrlApiError } from '../server/url-api/url-api-error.js';
import { DiskCap } from './disk-cap.js';
import { OriginalLookup } from './original-lookup.js';

export interface UrlCatalogOwnerOptions {
  /** Default stderr. */
  log?: (message: string) => void;
  /** Where answered paths go: the record the owner's purges share. Default: one of its own. */
  answered?: AnsweredPaths;
  /** The counters of serve's `--purge` purges, for /metrics. Default: none. */
  purgeFigures?: () => Promise<PurgeFigures>;
  /**
   * Hears that a request's rescan changed the catalog: the owner's own write, which its purges'
   * checks for other processes' writes cannot see.
   */
  onChanged?: () => void;
}

/**
 * @example
 * const catalog = createUrlCatalogOwner(library);
 * const api = createUrlApi(catalog, library, { listenHost: '127.0.0.1' });
 */
export function createUrlCatalogOwner(
  library: Library,
  options: UrlCatalogOwnerOptions = {},
): UrlCatalog {
  const db = library.db;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const answered = options.answered ?? new AnsweredPaths(db, ANSWERED_PATHS_MAX);
  const lookup = new OriginalLookup(library, options.onChanged);
  let evictions = 0;
  // Made with the first result recorded, which brings the HTTP side's cap.
  let cap: DiskCap | undefined;
  const writeUses = (uses: ResultUses) => {
    if (uses.length > 0) touchUrlRenders(db, new Map(uses));
  };

  return {
    library: () =>
      Promise.resolve({
        dir: library.dir,
        cacheDir: library.cacheDir,
        pixelLimit: library.pixelLimit,
        concurrency: library.concurrency,
      }),
    find: (ref) => lookup.find(ref),
    preset: (name) => Promise.resolve(presetByName(db, name)?.preset),
    presetUpdatedAt: (name) => Promise.resolve(presetUpdatedAt(db, name)),
    pipelineSince: (settings) => Promise.resolve(pipelineSince(db, settings)),
    builtFile: ({ key, ...owner }) => {
      const own = urlRenderByKey(db, key);
      if (own) return Promise.resolve(own.file);
      const derivative = derivativeByKey(db, key);
      // Recorded as the URL API's too, so the file stays while a URL may still ask for it.
      if (derivative) record({ ...derivative, ...owner }, undefined);
      return Promise.resolve(derivative?.file);
    },
    record: ({ render, uses, maxBytes }) => {
      // Uses first: an eviction this record starts must not take what was just asked for.
      writeUses(uses);
      record(render, maxBytes);
      return Promise.resolve(undefined);
    },
    rescan: async (ref) => {
      const source = sourceByName(db, ref.sourceName);
      if (!source) throw new UrlApiError(404, `no source named "${ref.sourceName}"`);
      await lookup.rescan(source, ref.relPath);
      return undefined;
    },
    touch: (uses) => {
      writeUses(uses);
      return Promise.resolve(undefined);
    },
    answered: (paths) => {
      for (const [path, keys] of paths) answered.record(path, keys);
      return Promise.resolve(undefined);
    },
    stats: async () => ({
      cacheBytes: urlRenderBytes(db),
      evictions,
      purges: (await options.purgeFigures?.()) ?? NO_PURGE_FIGURES,
    }),
    ping: () => {
      stmt(db, 'SELECT 1').get();
      return Promise.resolve(undefined);
    },
    settled: async () => {
      await cap?.settled();
      return undefined;
    },
  };

  /** Records a result; `maxBytes` (once known) keeps all of them under the cap. */
  function record(render: Parameters<typeof recordUrlRender>[1], maxBytes: number | undefined) {
    recordUrlRender(db, render);
    if (maxBytes !== undefined && cap === undefined) {
      cap = new DiskCap({
        db,
        cacheDir: library.cacheDir,
        maxBytes,
        onEvicted: (count) => (evictions += count),
        log,
      });
      // The cap counts the catalog's bytes when made, this result's included: nothing to add,
      // but an eviction may be due already.
      cap.added(0);
      return;
    }
    cap?.added(render.bytes);
  }
}
