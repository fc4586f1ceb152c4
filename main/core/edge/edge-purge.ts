/**
 * Keeps the caches in front of `thumbdesk serve` exact: every catalog write, by this process (a
 * request that found a file changed) or another (the watch worker, a `thumbdesk scan`,
 * `generate`, a preset saved in the app), is compared with what the caches may hold, and the
 * stale keys are purged at every target.
 */
import type { Registry } from 'prom-client';
import type { Db } from '../catalog/database.js';
import {
  addPurgeTargetRow,
  recordPurgeOutcome,
  type PurgeOrigin,
} from '../catalog/purge-targets.js';
import { OutsideChanges } from '../service/outside-changes.js';
import { AnsweredPaths } from './answered-paths.js';
import { CatalogChanges } from './catalog-changes.js';
import { Purger } from './purger.js';
import { purgeTargetText, type PurgeTarget } from './purge-target.js';

/** Paths remembered for CloudFront and webhooks (catalog rows): a few tens of MiB at most. */
const MAX_PATHS = 100_000;

export interface EdgePurge {
  /** For the URL API's `onRescan`: its own writes, which OutsideChanges does not see. */
  onRescan(): void;
  /** For the URL API's `onAnswer`. */
  onAnswer(path: string, keys: readonly string[]): void;
  /** Checks the catalog now (tests; the timer does it every `intervalMs` otherwise). */
  check(): void;
  /** Stops watching and sends what is queued. */
  close(): Promise<void>;
}

export interface EdgePurgeOptions {
  targets: readonly PurgeTarget[];
  registry: Registry;
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
 * const edge = startEdgePurge(library.db, { targets, registry: api.metrics.registry, log, origin: 'serve' });
 * // … createUrlApi(library, { onRescan: edge.onRescan, onAnswer: edge.onAnswer, … })
 * await edge.close();
 */
export function startEdgePurge(db: Db, options: EdgePurgeOptions): EdgePurge {
  const answered = new AnsweredPaths(db, MAX_PATHS);
  for (const target of options.targets)
    addPurgeTargetRow(db, purgeTargetText(target), options.origin ?? 'serve');
  const purger = new Purger({
    ...options,
    answered,
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
    onRescan: check,
    onAnswer: (path, keys) => {
      // Off the answer's own concern: a busy catalog costs a path to invalidate, not the image.
      try {
        answered.record(path, keys);
      } catch (error) {
        options.log(`purge: recording ${path.slice(0, 200)}: ${(error as Error).message}`);
      }
    },
    check,
    async close() {
      outside.stop();
      await purger.close();
    },
  };
}
