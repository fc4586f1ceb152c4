/**
 * Reading a running `thumbdesk serve`'s Prometheus counters, the origin's own account of what it
 * did (requests, renders, cache hits) under a benchmark's load.
 */

/**
 * The text of `/metrics` of a server on 127.0.0.1:`port`.
 * @example const text = await metricsOf(server.port);
 */
export async function metricsOf(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return response.text();
}

/**
 * One sample of a metrics text by its full name with labels; 0 when absent (a counter not yet
 * incremented is not printed).
 * @example counter(text, 'thumbdesk_url_renders_total{outcome="built"}')
 */
export function counter(text: string, name: string): number {
  return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

/**
 * The sum of every sample of a metric whatever its labels (all statuses of a request counter),
 * or of those whose labels contain `labels` (`outcome="ok"`).
 * @example total(text, 'thumbdesk_purge_requests_total', 'outcome="ok"')
 */
export function total(text: string, name: string, labels = ''): number {
  return [...text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))]
    .filter((m) => (m[1] ?? '').includes(labels))
    .reduce((sum, m) => sum + Number(m[2]), 0);
}
