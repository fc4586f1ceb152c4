/**
 * Varnish's own counters (varnishstat), so that the edge's hits and misses are what the edge
 * says, not what is left over after the origin's count.
 */
import { runChecked } from '../lib/measure.js';

export interface VarnishCounts {
  hits: number;
  misses: number;
  /** Requests that waited for another's fetch of the same object (request coalescing). */
  coalescedWaits: number;
  backendRequests: number;
  /** Objects evicted for room: non-zero means the storage was too small for the URL set. */
  lruNuked: number;
}

const FIELDS = {
  hits: 'MAIN.cache_hit',
  misses: 'MAIN.cache_miss',
  coalescedWaits: 'MAIN.busy_sleep',
  backendRequests: 'MAIN.backend_req',
  lruNuked: 'MAIN.n_lru_nuked',
} as const;

/**
 * The counters of the varnishd whose working directory (`-n`) is `workDir`.
 * @example const before = await varnishCounts(varnish.workDir);
 */
export async function varnishCounts(workDir: string): Promise<VarnishCounts> {
  const { stdout } = await runChecked('varnishstat', ['-n', workDir, '-1']);
  const value = (field: string) =>
    Number(new RegExp(`^${field.replace('.', '\\.')}\\s+(\\d+)`, 'm').exec(stdout)?.[1] ?? NaN);
  return Object.fromEntries(
    Object.entries(FIELDS).map(([key, field]) => [key, value(field)]),
  ) as unknown as VarnishCounts;
}

/**
 * `after − before`, counter by counter.
 * @example const used = countsSince(before, await varnishCounts(dir));
 */
export function countsSince(before: VarnishCounts, after: VarnishCounts): VarnishCounts {
  const keys = Object.keys(FIELDS) as (keyof VarnishCounts)[];
  return Object.fromEntries(
    keys.map((key) => [key, after[key] - before[key]]),
  ) as unknown as VarnishCounts;
}
