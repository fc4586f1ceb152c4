/**
 * Keeps the caches in front of `thumbdesk serve` exact: every catalog write, by this process (the
 * service's own, announced through `check`) or another (a `thumbdesk scan`, `generate`, a preset
 * saved in the app), is compared with what the caches may hold, and the stale keys are purged
 * at every target. It runs where the catalog's one owner is: the service (purge-desk.ts).
 */
import type { Registry } from 'prom-client';
import type { Db } from '../catalog/database.js';
import {
  addPurgeTargetRow,
  recordPurgeOutcome,
  type PurgeOrigin,
} from '../catalog/purge-targets.js';
import { OutsideChanges } from '../service/outside-changes.js';
import type { AnsweredPaths } from './answered-paths.js';
import { CatalogChanges } from './catalog-changes.js';
import { Purger } from './purger.js';
import { purgeTargetText, type PurgeTarget } from './purge-target.js';

export interface EdgePurge {
  /**
   * Checks the catalog now: after this process's own writes, which OutsideChanges does not see
   * (the timer looks for other processes' every `intervalMs`).
   */
  check(): void;
  /** Stops watching and sends what is queued. */
  close(): Promise<void>;
}

export interface EdgePurgeOptions {
  targets: readonly PurgeTarget[];
  /** Where the purge counters go (purge-metrics.ts). */
  registry: Registry;
  /** The image paths answered, which purges by path name (shared by every purge of a catalog). */
  answered: AnsweredPaths;
  log: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** How often other processes' writes are looked for. Default 250 ms. */
  intervalMs?: number;
  /**
   * Who configured the targets: 'serve' (its --purge flags, recorded in the catalog so the app's
   * panel shows them) or 'app' (read from the catalog). Each batch's outcome is recorded there.
   * Default 'serve'.
   */
  origin?: PurgeOrigin;
}

/**
 * @example
 * const edge = startEdgePurge(library.db, { targets, registry, answered, log, origin: 'serve' });
 * // … after a write of this process: edge.check();
 * await edge.close();
 */
export function startEdgePurge(db: Db, options: EdgePurgeOptions): EdgePurge {
  for (const target of options.targets)
    addPurgeTargetRow(db, purgeTargetText(target), options.origin ?? 'serve');
  const purger = new Purger({
    ...options,
    onResult: (target, outcome) => {
      try {
        if (db.open) recordPurgeOutcome(db, purgeTargetText(target), outcome);
      } catch (error) {
        options.log(`purge ${target.label}: recording the result: ${(error as Error).message}`);
      }
    },
  });
  const changes = new CatalogChanges(db);
  const check = () => {
    if (db.open) purger.purge(changes.staleKeys());
  };
  const outside = new OutsideChanges(db, (parts) => {
    if (parts.some((part) => part === 'originals' || part === 'presets' || part === 'sources'))
      check();
  });
  outside.start(options.intervalMs ?? 250);
  return {
    check,
    async close() {
      outside.stop();
      await purger.close();
    },
  };
}
