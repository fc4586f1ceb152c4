/**
 * The URL API's Prometheus metrics, on a registry of its own so that two servers in one process
 * (or one test after another) never share counters.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { mirrorPurgeFigures, PURGE_METRICS, type PurgeFigures } from '../../edge/purge-metrics.js';

export interface UrlApiMetrics {
  registry: Registry;
  /** Counts an image request answered with `status` (a plain count until the next scrape). */
  answered: (status: number) => void;
  renders: Counter<'outcome'>;
  /** Counts a request answered with a result already in the cache (as `answered`). */
  cacheHit: () => void;
  coalesced: Counter;
  renderSeconds: Histogram;
}

/** Figures read at scrape time. */
export interface MetricSources {
  pool: () => { queued: number; active: number };
  /**
   * The catalog owner's figures: bytes of the URL API's results on disk, results evicted, and
   * the counters of serve's purges (they run where the catalog is).
   */
  catalog: () => Promise<{ cacheBytes: number; evictions: number; purges: PurgeFigures }>;
}

/**
 * @example
 * const metrics = createMetrics({
 *   pool: () => ({ queued: pool.queued, active: pool.active }),
 *   catalog: () => catalog.stats(undefined),
 * });
 * res.end(await metrics.registry.metrics());
 */
export function createMetrics({ pool, catalog: ask }: MetricSources): UrlApiMetrics {
  const registry = new Registry();
  // One question to the owner per scrape, however many metrics read its answer.
  let asking: ReturnType<typeof ask> | undefined;
  const catalog = () => (asking ??= ask().finally(() => (asking = undefined)));
  // Process figures (resident memory, event-loop lag, …) read at scrape time.
  collectDefaultMetrics({ register: registry, prefix: 'thumbdesk_' });
  const registers = [registry];
  new Gauge({
    name: 'thumbdesk_url_render_queue_length',
    help: 'Renders waiting for a free slot in the render pool.',
    registers,
    collect() {
      this.set(pool().queued);
    },
  });
  new Gauge({
    name: 'thumbdesk_url_renders_active',
    help: 'Renders running now.',
    registers,
    collect() {
      this.set(pool().active);
    },
  });
  new Gauge({
    name: 'thumbdesk_url_cache_bytes',
    help: 'Bytes of URL results kept on disk, which --url-cache-max caps.',
    registers,
    async collect() {
      this.set((await catalog()).cacheBytes);
    },
  });
  // The owner evicts and counts; a scrape copies its count.
  new Counter({
    name: 'thumbdesk_url_cache_evictions_total',
    help: 'URL results removed from disk, least recently used first, to stay under the cap.',
    registers,
    async collect() {
      const { evictions } = await catalog();
      this.reset();
      this.inc(evictions);
    },
  });
  // Serve's purges run where the catalog is; a scrape copies their counts.
  for (const which of ['requests', 'keys'] as const) {
    new Counter({
      ...PURGE_METRICS[which],
      registers,
      async collect() {
        mirrorPurgeFigures(this, which, (await catalog()).purges);
      },
    });
  }
  // Counted on every cached answer, so counted as plain numbers and added to prom-client's
  // counters when a scrape reads them (prom-client builds a label key on every inc(), a few
  // percent of a cached answer's time): what a scrape shows is the same.
  const answeredSince = new Map<number, number>();
  let hitsSince = 0;
  // Registered in this order, so /metrics lists them as it always has; the two counted as
  // plain numbers are reached only through the registry.
  new Counter({
    name: 'thumbdesk_url_requests_total',
    help: 'Image requests answered, by HTTP status.',
    labelNames: ['status'],
    registers,
    collect() {
      for (const [status, count] of answeredSince) {
        if (count > 0) this.inc({ status: String(status) }, count);
        answeredSince.set(status, 0);
      }
    },
  });
  const renders = new Counter({
    name: 'thumbdesk_url_renders_total',
    help: 'Renders run (a coalesced request counts once), by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  new Counter({
    name: 'thumbdesk_url_cache_hits_total',
    help: 'Requests answered with a result already in the cache.',
    registers,
    collect() {
      this.inc(hitsSince);
      hitsSince = 0;
    },
  });
  return {
    registry,
    answered(status) {
      answeredSince.set(status, (answeredSince.get(status) ?? 0) + 1);
    },
    cacheHit() {
      hitsSince += 1;
    },
    renders,
    coalesced: new Counter({
      name: 'thumbdesk_url_coalesced_total',
      help: 'Requests that waited for an identical render already running instead of starting one.',
      registers,
    }),
    renderSeconds: new Histogram({
      name: 'thumbdesk_url_render_duration_seconds',
      help: 'Time from reading the original to the result being in the cache.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
