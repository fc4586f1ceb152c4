/**
 * The purge counters `/metrics` shows. They are counted where purges run (the service worker,
 * in `thumbdesk serve`) and read from there as plain figures by the HTTP thread at scrape time,
 * so both sides define them from this one description.
 */
import type { Counter, Registry } from 'prom-client';

export const PURGE_METRICS = {
  requests: {
    name: 'thumbdesk_purge_requests_total',
    help: 'Purge requests sent to edge caches, by target and outcome (ok, retried, failed).',
    labelNames: ['target', 'outcome'] as const,
  },
  keys: {
    name: 'thumbdesk_purge_keys_total',
    help: 'Surrogate keys purged, by target.',
    labelNames: ['target'] as const,
  },
};

/** The counters' values, each with its labels in PURGE_METRICS' order. */
export interface PurgeFigures {
  requests: [target: string, outcome: string, count: number][];
  keys: [target: string, count: number][];
}

export const NO_PURGE_FIGURES: PurgeFigures = { requests: [], keys: [] };

/**
 * The figures of the purge counters on `registry` (none there: none counted).
 * @example const figures = await purgeFigures(registry); // { requests: [['varnish:127.0.0.1:6081', 'ok', 2]], keys: [['varnish:127.0.0.1:6081', 3]] }
 */
export async function purgeFigures(registry: Registry): Promise<PurgeFigures> {
  const values = async (name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return {
    requests: (await values(PURGE_METRICS.requests.name)).map(({ labels, value }) => [
      String(labels.target),
      String(labels.outcome),
      value,
    ]),
    keys: (await values(PURGE_METRICS.keys.name)).map(({ labels, value }) => [
      String(labels.target),
      value,
    ]),
  };
}

/**
 * Sets `counter` (made from PURGE_METRICS' entry `which`) to that entry's `figures`.
 * @example mirrorPurgeFigures(this, 'keys', (await owner.stats(undefined)).purges); // in a collect()
 */
export function mirrorPurgeFigures(
  counter: Counter<string>,
  which: keyof PurgeFigures,
  figures: PurgeFigures,
): void {
  const { labelNames } = PURGE_METRICS[which];
  counter.reset();
  for (const row of figures[which]) {
    const labels = Object.fromEntries(labelNames.map((name, i) => [name, row[i]!]));
    counter.inc(labels, row.at(-1) as number);
  }
}
