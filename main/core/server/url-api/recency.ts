/**
 * When URLs last used their results, noted in memory and written to the catalog in batches, so
 * that a cached answer costs no SQLite write. The size cap evicts by these times.
 */
import type { Db } from '../../catalog/database.js';
import { touchUrlRenders } from '../../catalog/url-renders.js';

// A batch lost to a crash only makes some results look as old as their previous use.
const FLUSH_MS = 5000;
// A burst of distinct hits is written at once past this, so that no single write grows long.
const FLUSH_KEYS = 1000;

/**
 * @example
 * const recency = new Recency(library.db, log);
 * recency.touch(key); // on every cached answer
 * recency.flush();    // before choosing what to evict, and at shutdown
 */
export class Recency {
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
  ) {}

  /** Notes that a URL used the result with this key now. */
  touch(key: string): void {
    this.pending.set(key, Date.now());
    if (this.pending.size >= FLUSH_KEYS) this.flushLogged();
    // Unref'd: noted uses never keep a process alive; close() writes them.
    else this.timer ??= setTimeout(() => this.flushLogged(), FLUSH_MS).unref();
  }

  /** Writes the uses noted so far. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    touchUrlRenders(this.db, this.pending);
    this.pending.clear();
  }

  // Off the request's own path a failure (a busy catalog) is logged, and the uses are kept for
  // the next write.
  private flushLogged(): void {
    try {
      this.flush();
    } catch (error) {
      this.log(`url api: recording last uses: ${(error as Error).message}`);
    }
  }
}
