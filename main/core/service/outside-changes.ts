/**
 * Notices what other processes write to the catalog, so that a window stays true while
 * `thumbdesk generate` or `scan` runs in a terminal. SQLite's `data_version` moves only when
 * another connection commits, so a quiet catalog costs one pragma a tick; only then are the
 * parts compared, and writes the UI does not show (the URL API's results) announce nothing.
 */
import {
  catalogSignature,
  changedParts,
  type CatalogSignature,
  type SignedPart,
} from '../catalog/change-signature.js';
import type { Db } from '../catalog/database.js';

const TICK_MS = 1000;

/**
 * @example
 * const outside = new OutsideChanges(db, (what) => emit('catalogChanged', { what }));
 * outside.start();
 */
export class OutsideChanges {
  private timer: NodeJS.Timeout | undefined;
  private version = 0;
  private signature: CatalogSignature | undefined;

  constructor(
    private readonly db: Db,
    private readonly onChange: (what: SignedPart[]) => void,
  ) {}

  start(intervalMs = TICK_MS): void {
    this.version = this.dataVersion();
    this.signature = catalogSignature(this.db);
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  /**
   * Compares the catalog with what it was at the last outside change, announcing the parts
   * that moved. Parts this process changed meanwhile are announced along with them: a
   * refetch too many, never one too few.
   */
  check(): void {
    if (!this.signature || !this.db.open) return;
    const version = this.dataVersion();
    if (version === this.version) return;
    this.version = version;
    const signature = catalogSignature(this.db);
    const parts = changedParts(this.signature, signature);
    this.signature = signature;
    if (parts.length > 0) this.onChange(parts);
  }

  stop(): void {
    clearInterval(this.timer);
    this.signature = undefined;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
