/**
 * The size cap on the URL API's results on disk (`url_renders` and their files), so that a public
 * server cannot fill the disk with arbitrary sizes. Past the cap the least recently used results
 * go until they fill 90 % of it: rows first, in one transaction a batch, then the files no other
 * row names. A preset's derivative is never evicted, nor is its file when a URL result shares it.
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../catalog/database.js';
import { isFileReferenced } from '../catalog/derivatives.js';
import {
  deleteUrlRenders,
  leastRecentUrlRenders,
  urlRenderBytes,
  type UrlRenderUse,
} from '../catalog/url-renders.js';

// Rows (and files) evicted in one turn of the event loop: a few milliseconds of work.
const BATCH = 100;
// Evicting below the cap leaves room for many results before the next eviction.
const LOW_WATER = 0.9;

export interface DiskCapOptions {
  db: Db;
  cacheDir: string;
  /** Bytes of results kept. */
  maxBytes: number;
  /** Hears how many results each batch evicted. */
  onEvicted: (count: number) => void;
  log: (message: string) => void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * @example
 * const cap = new DiskCap({ db, cacheDir, maxBytes: 2 ** 30, onEvicted, log });
 * recordUrlRender(db, render);
 * cap.added(render.bytes); // evicts after the answer is sent, when past the cap
 */
export class DiskCap {
  // The catalog's figure at the last count plus what was added since. gc (another connection)
  // may have removed rows meanwhile, so it can only be high, which costs an early recount.
  private bytes: number;
  private running: Promise<void> | undefined;

  constructor(private readonly options: DiskCapOptions) {
    this.bytes = urlRenderBytes(options.db);
  }

  /** Counts a result just recorded; past the cap, starts an eviction in a later turn. */
  added(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes <= this.options.maxBytes || this.running) return;
    this.running = this.evict()
      .catch((error: unknown) =>
        this.options.log(`url api: evicting results: ${(error as Error).stack ?? String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves once no eviction is under way. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async evict(): Promise<void> {
    const { db, maxBytes } = this.options;
    await nextTurn();
    this.bytes = urlRenderBytes(db);
    if (this.bytes <= maxBytes) return;
    const target = maxBytes * LOW_WATER;
    while (this.bytes > target) {
      const victims = enough(leastRecentUrlRenders(db, BATCH), this.bytes - target);
      if (victims.length === 0) return;
      this.remove(victims);
      await nextTurn();
    }
  }

  /** Rows first: a crash before the files go leaves unnamed files, which gc's sweep takes. */
  private remove(victims: readonly UrlRenderUse[]): void {
    const { db, cacheDir, onEvicted } = this.options;
    onEvicted(
      deleteUrlRenders(
        db,
        victims.map((victim) => victim.id),
      ),
    );
    // In the same turn as the deletes, so no answer of this thread records the file between the
    // check and the removal.
    for (const victim of victims) {
      if (isFileReferenced(db, victim.file)) continue;
      const absolute = path.join(cacheDir, victim.file);
      if (!rewrittenSince(absolute, victim.builtAt)) rmSync(absolute, { force: true });
    }
    this.bytes -= victims.reduce((sum, victim) => sum + victim.bytes, 0);
  }
}

/**
 * Whether the file was written again after its URL result was recorded: `generate`, another
 * process, writes a derivative's file before it records the row that names it, and a file with
 * the same key is the same path. Such a file is left for that row (or for gc's sweep). A
 * rewrite within the file system's timestamp granularity of the record (a few ms on Linux's
 * coarse clock) goes unnoticed.
 */
function rewrittenSince(file: string, builtAt: number): boolean {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs > builtAt;
}

/** The oldest of `rows` that together free at least `excess` bytes (all of them if they cannot). */
function enough(rows: readonly UrlRenderUse[], excess: number): UrlRenderUse[] {
  const chosen: UrlRenderUse[] = [];
  let freed = 0;
  for (const row of rows) {
    if (freed >= excess) break;
    chosen.push(row);
    freed += row.bytes;
  }
  return chosen;
}
