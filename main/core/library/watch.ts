/**
 * Watch mode: every source of a library is watched, and a burst of changes in it is rescanned
 * (only the files that changed), invalidated and rebuilt by itself, then optionally published.
 * A source folder that goes away (renamed, unplugged) keeps its catalog while it is gone and is
 * watched and rescanned again when it comes back.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { SourceRow } from '../catalog/sources.js';
import type { PublishReport } from '../publish/publish.js';
import type { Target } from '../publish/target.js';
import { Debouncer } from './debouncer.js';
import type { GenerateReport } from './generate.js';
import { isIgnoredName } from './ignored-names.js';
import type { Library } from './library.js';
import type { ScanReport } from './scan.js';
import { isExcluded } from './walk.js';

export interface WatchOptions {
  /** Quiet time, in ms, that ends a burst of changes. Default 500. A steady stream of changes
   * that never goes quiet is still handled, every ten times this. */
  debounceMs?: number;
  /** How long, in ms, a file's size must hold still before it counts as written. Default 300. */
  settleMs?: number;
  /** How often, in ms, sources are checked for going away, coming back, or being added to or
   * removed from the library. Default 1000. */
  pollMs?: number;
  /** Renders at once (default: the library's). */
  concurrency?: number;
  /** Publish here after every run that changed something. */
  publishTo?: Target;
  /** With `publishTo`: remove published objects that no longer belong. */
  publishDelete?: boolean;
  /**
   * Where each run (rescan, rebuild, publish) runs: a host with a job queue passes it through
   * the queue, so that it waits for other work and can be cancelled with `work`'s signal.
   * `stopped` aborts when the watcher stops. Default: at once.
   */
  runner?: (work: (signal: AbortSignal) => Promise<void>, stopped: AbortSignal) => Promise<void>;
}

export type FileChange = 'added' | 'changed' | 'removed';

/** What a watcher tells its listeners; plain data, so that a host can forward it as JSON. */
export type WatchEvent =
  | { type: 'watching'; source: string; path: string }
  | { type: 'away'; source: string; reason: string }
  | { type: 'file'; source: string; path: string; change: FileChange }
  | { type: 'scanned'; source: string; report: ScanReport }
  | { type: 'rebuilt'; report: GenerateReport }
  | { type: 'published'; report: PublishReport }
  | { type: 'error'; source?: string; message: string };

export type WatchListener = (event: WatchEvent) => void;

const CHANGES: Partial<Record<string, FileChange>> = {
  add: 'added',
  change: 'changed',
  unlink: 'removed',
};

interface Watched {
  source: SourceRow;
  /** Set while the folder is watched; undefined while it is away. */
  watcher?: FSWatcher;
  /** The folder's device and inode when it was attached: another folder put in its place is
   * not the one being watched. */
  identity?: string;
  away?: boolean;
}

async function folderIdentity(folder: string): Promise<string> {
  const info = await stat(folder);
  if (!info.isDirectory()) throw new Error('it is not a folder');
  return `${info.dev}:${info.ino}`;
}

/**
 * @example
 * const watcher = new SourceWatcher(library, { debounceMs: 500 });
 * watcher.on((event) => console.log(event.type));
 * await watcher.start();
 * // … later
 * await watcher.stop();
 */
export class SourceWatcher {
  private readonly listeners = new Set<WatchListener>();
  private readonly watched = new Map<number, Watched>();
  /** Changed paths waiting for the next run, by source id. */
  private readonly changed = new Map<number, Set<string>>();
  /** Sources (just attached) waiting for a full rescan. */
  private readonly fullScans = new Set<number>();
  private readonly debouncer: Debouncer;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The first run builds and publishes whatever was left pending before the watch began. */
  private firstRun = true;

  constructor(
    private readonly library: Library,
    private readonly options: WatchOptions = {},
  ) {
    const waitMs = options.debounceMs ?? 500;
    this.debouncer = new Debouncer(() => this.runSoon(), { waitMs, maxWaitMs: 10 * waitMs });
  }

  /**
   * Subscribes to events; returns the unsubscribe function.
   * @example const off = watcher.on((e) => e.type === 'rebuilt' && refresh()); off();
   */
  on(listener: WatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Attaches every source and keeps watching; each source attached (now, or when it comes back)
   * is rescanned in full first, and the first run rebuilds whatever was pending before.
   */
  async start(): Promise<void> {
    await this.sync();
    if (!this.stopped) this.poll();
  }

  /** Stops watching; a rebuild under way is cancelled and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.poller);
    this.debouncer.cancel();
    this.controller.abort();
    await this.syncing;
    await Promise.all([...this.watched.values()].map((w) => this.detach(w)));
    await this.running;
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private poll(): void {
    this.poller = setTimeout(async () => {
      await this.sync();
      if (!this.stopped) this.poll();
    }, this.options.pollMs ?? 1000);
  }

  /** Follows the library's list of sources and each folder's presence. */
  private sync(): Promise<void> {
    this.syncing ??= this.syncSources()
      .catch((error: Error) => this.emit({ type: 'error', message: error.message }))
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncSources(): Promise<void> {
    const sources = new Map(this.library.sources().map((s) => [s.id, s]));
    for (const [id, watched] of this.watched) {
      // Gone from the library, or its id now another folder's: SQLite gives a source added
      // after the last one was removed that one's id again.
      if (sources.get(id)?.path === watched.source.path) continue;
      this.watched.delete(id);
      await this.detach(watched);
    }
    for (const source of sources.values()) {
      const watched = this.watched.get(source.id) ?? { source };
      this.watched.set(source.id, watched);
      let identity: string;
      try {
        identity = await folderIdentity(source.path);
      } catch (error) {
        await this.goAway(watched, `cannot be read: ${(error as Error).message}`);
        continue;
      }
      if (this.stopped) return;
      if (watched.watcher && watched.identity !== identity) {
        await this.goAway(watched, 'another folder took its place');
      }
      if (!watched.watcher) await this.attach(watched, identity);
    }
  }

  private async attach(watched: Watched, identity: string): Promise<void> {
    const { source } = watched;
    const settleMs = this.options.settleMs ?? 300;
    const watcher = watch(source.path, {
      ignoreInitial: true,
      // A link may lead anywhere, even to a tree far bigger than the source: the walk decides
      // what a linked file means, at the next full rescan.
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.min(100, settleMs) },
      ignored: (file: string) => this.isIgnored(source, file),
    });
    watched.watcher = watcher;
    watched.identity = identity;
    watched.away = false;
    // No closed watcher's late news needs filtering out: detach() forgets a watcher and closes
    // it in the same tick, and chokidar's close() removes every listener at once.
    watcher.on('all', (event, file) => this.onFsEvent(watched, event, file));
    watcher.on('error', (error) => {
      this.emit({ type: 'error', source: source.name, message: (error as Error).message });
    });
    const { signal } = this.controller;
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      watcher.once('ready', done);
      signal.addEventListener('abort', done);
    });
    // A watcher detached before it was ready lost its 'ready' listener when it was closed: only
    // the abort of stop() gets here without 'ready'.
    if (this.stopped) return;
    this.emit({ type: 'watching', source: source.name, path: source.path });
    // Whatever changed before the watcher was ready, or while the folder was away.
    this.fullScans.add(source.id);
    this.debouncer.trigger();
  }

  private async detach(watched: Watched): Promise<void> {
    const watcher = watched.watcher;
    watched.watcher = undefined;
    this.changed.delete(watched.source.id);
    this.fullScans.delete(watched.source.id);
    await watcher?.close();
  }

  /** Stops watching a folder that is gone, keeping every catalog row of it. */
  private async goAway(watched: Watched, reason: string): Promise<void> {
    await this.detach(watched);
    if (watched.away) return;
    watched.away = true;
    this.emit({ type: 'away', source: watched.source.name, reason });
  }

  private isIgnored(source: SourceRow, file: string): boolean {
    if (isExcluded(source.path, file, [this.library.dir])) return true;
    // The source folder itself is '', which is no ignored name.
    return path.relative(source.path, file).split(path.sep).some(isIgnoredName);
  }

  private onFsEvent(watched: Watched, event: string, file: string): void {
    const { source } = watched;
    const rel = path.relative(source.path, file).split(path.sep).join('/');
    if (event === 'unlinkDir' && rel === '') {
      // chokidar now reports every file as removed and stops seeing the folder: none of that
      // may reach the catalog.
      void this.goAway(watched, 'the folder is gone');
      return;
    }
    if (event === 'addDir') {
      // chokidar reads a new folder before it watches it, and a file written between the two is
      // never reported (paulmillr/chokidar#1471): a folder copied in can lose files that way.
      // The next run rescans the source in full, by which time the new folder is watched; a
      // walk reads no unchanged file (10,000 of them take ~0.1 s: bench/README, rescan). The
      // source folder's own addDir is initial, so never told.
      this.fullScans.add(source.id);
      this.debouncer.trigger();
      return;
    }
    const change = CHANGES[event];
    if (!change) return;
    const paths = this.changed.get(source.id) ?? new Set<string>();
    this.changed.set(source.id, paths.add(rel));
    this.emit({ type: 'file', source: source.name, path: rel, change });
    this.debouncer.trigger();
  }

  /** Starts a run unless one is under way; one under way triggers the next when it ends. */
  private runSoon(): void {
    if (this.running || this.stopped) return;
    const { runner } = this.options;
    const stopped = this.controller.signal;
    const runs = runner
      ? runner((signal) => this.run(AbortSignal.any([stopped, signal])), stopped)
      : this.run(stopped);
    this.running = runs.finally(() => {
      this.running = undefined;
      const more = this.changed.size > 0 || this.fullScans.size > 0;
      if (more && !this.stopped) this.debouncer.trigger();
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const fullScans = [...this.fullScans];
    const changed = [...this.changed];
    this.fullScans.clear();
    this.changed.clear();
    let rebuild = this.firstRun;
    let publishing = this.firstRun;
    this.firstRun = false;
    const scans: [number, Iterable<string> | undefined][] = [
      ...fullScans.map((id): [number, undefined] => [id, undefined]),
      ...changed.filter(([id]) => !fullScans.includes(id)),
    ];
    for (const [id, paths] of scans) {
      const source = this.watched.get(id);
      if (!source?.watcher || signal.aborted) continue;
      const report = await this.attempt(source.source.name, () =>
        this.library.rescan(source.source, paths),
      );
      if (!report) continue;
      this.emit({ type: 'scanned', source: source.source.name, report });
      rebuild ||= report.added + report.changed > 0;
      publishing ||= report.added + report.changed + report.removed > 0;
    }
    if (rebuild && !signal.aborted) {
      const report = await this.attempt(undefined, () =>
        this.library.generate({
          concurrency: this.options.concurrency,
          signal,
        }),
      );
      if (report) this.emit({ type: 'rebuilt', report });
    }
    const target = this.options.publishTo;
    if (target && publishing && !signal.aborted) {
      const report = await this.attempt(undefined, async () => {
        // Loaded only when publishing: hosts that watch without publishing skip the S3 SDK.
        const { publish } = await import('../publish/publish.js');
        return publish(this.library, target, {
          delete: this.options.publishDelete,
          signal,
        });
      });
      if (report) this.emit({ type: 'published', report });
    }
  }

  /** Runs one step; a failure is an event, and the watcher goes on. */
  private async attempt<T>(source: string | undefined, step: () => Promise<T>) {
    try {
      return await step();
    } catch (error) {
      this.emit({ type: 'error', source, message: (error as Error).message });
      return undefined;
    }
  }
}
