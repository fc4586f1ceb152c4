/**
 * When URLs last used their results, noted in memory and sent to the catalog's owner in
 * batches (or with the next result recorded), so that a cached answer costs no message and no
 * SQLite write. The size cap evicts by these times.
 */
import type { ResultUses, UrlCatalog } from './url-catalog.js';

// A batch lost to a crash only makes some results look as old as their previous use.
const FLUSH_MS = 5000;
// A burst of distinct hits is written at once past this, so that no single write grows long.
const FLUSH_KEYS = 1000;

/**
 * @example
 * const recency = new Recency(catalog, log);
 * recency.touch(key); // on every cached answer
 * await recency.flush(); // at shutdown
 */
export class Recency {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: Pick<UrlCatalog, 'touch'>,
    private readonly log: (message: string) => void,
  ) {}

  /** Notes that a URL used the result with this key now. */
  touch(key: string): void {
    this.pending.set(key, Date.now());
    if (this.pending.size >= FLUSH_KEYS) void this.flushLogged();
    // Unref'd: noted uses never keep a process alive; close() writes them.
    else this.timer ??= setTimeout(() => void this.flushLogged(), FLUSH_MS).unref();
  }

  /** The uses noted so far, handed over (to go with a result recorded). */
  take(): ResultUses {
    clearTimeout(this.timer);
    this.timer = undefined;
    const uses = [...this.pending];
    this.pending = new Map();
    return uses;
  }

  /** Writes the uses noted so far. */
  async flush(): Promise<void> {
    const uses = this.take();
    if (uses.length > 0) await this.catalog.touch(uses);
  }

  // Off the request's own path a failure (a busy catalog) is logged: those uses only look older.
  private async flushLogged(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.log(`url api: recording last uses: ${(error as Error).message}`);
    }
  }
}
