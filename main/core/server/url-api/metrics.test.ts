import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

const sources = {
  pool: () => ({ queued: 0, active: 0 }),
  catalog: async () => ({
    cacheBytes: 0,
    evictions: 0,
    purges: { requests: [], keys: [] },
  }),
};

/** The lines of one metric in a scrape, its HELP and TYPE lines left out. */
async function scraped(metrics: ReturnType<typeof createMetrics>, name: string) {
  const text = await metrics.registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('URL API metrics counted per answer', () => {
  it('shows every answer and cache hit once, however often it is scraped', async () => {
    const metrics = createMetrics(sources);
    expect(await scraped(metrics, 'thumbdesk_url_cache_hits_total')).toEqual([
      'thumbdesk_url_cache_hits_total 0',
    ]);
    expect(await scraped(metrics, 'thumbdesk_url_requests_total')).toEqual([]);
    for (const status of [200, 304, 200, 404, 200]) metrics.answered(status);
    metrics.cacheHit();
    metrics.cacheHit();
    const first = [
      'thumbdesk_url_requests_total{status="200"} 3',
      'thumbdesk_url_requests_total{status="304"} 1',
      'thumbdesk_url_requests_total{status="404"} 1',
    ];
    expect(await scraped(metrics, 'thumbdesk_url_requests_total')).toEqual(first);
    expect(await scraped(metrics, 'thumbdesk_url_requests_total')).toEqual(first);
    expect(await scraped(metrics, 'thumbdesk_url_cache_hits_total')).toEqual([
      'thumbdesk_url_cache_hits_total 2',
    ]);
    metrics.answered(304);
    metrics.answered(503);
    metrics.cacheHit();
    expect(await scraped(metrics, 'thumbdesk_url_requests_total')).toEqual([
      'thumbdesk_url_requests_total{status="200"} 3',
      'thumbdesk_url_requests_total{status="304"} 2',
      'thumbdesk_url_requests_total{status="404"} 1',
      'thumbdesk_url_requests_total{status="503"} 1',
    ]);
    expect(await scraped(metrics, 'thumbdesk_url_cache_hits_total')).toEqual([
      'thumbdesk_url_cache_hits_total 3',
    ]);
  });

  it('reads the same counts through the counters themselves, as a scrape of one metric does', async () => {
    const metrics = createMetrics(sources);
    metrics.answered(200);
    metrics.cacheHit();
    const counter = (name: string) => metrics.registry.getSingleMetric(name)!;
    expect((await counter('thumbdesk_url_requests_total').get()).values).toEqual([
      { value: 1, labels: { status: '200' } },
    ]);
    expect((await counter('thumbdesk_url_cache_hits_total').get()).values).toEqual([
      { value: 1, labels: {} },
    ]);
  });

  it('lists its metrics in the order /metrics always had', async () => {
    const names = (await createMetrics(sources).registry.getMetricsAsJSON())
      .map((m) => m.name)
      .filter((name) => name.startsWith('thumbdesk_url_'));
    expect(names).toEqual([
      'thumbdesk_url_render_queue_length',
      'thumbdesk_url_renders_active',
      'thumbdesk_url_cache_bytes',
      'thumbdesk_url_cache_evictions_total',
      'thumbdesk_url_requests_total',
      'thumbdesk_url_renders_total',
      'thumbdesk_url_cache_hits_total',
      'thumbdesk_url_coalesced_total',
      'thumbdesk_url_render_duration_seconds',
    ]);
  });
});
