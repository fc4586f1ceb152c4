import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FSWatcher } from 'chokidar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteSource, insertSource } from '../catalog/sources.js';
import { filesUnder } from '../test-support/files.js';
import { fixture } from '../test-support/fixtures.js';
import { byPath, tempLibrary, type TempLibrary } from '../test-support/library.js';
import { until } from '../test-support/poll.js';
import type { Manifest } from '../publish/manifest.js';
import { publishHistory } from '../publish/publish.js';
import { resolveTarget } from '../publish/target.js';
import { Library } from './library.js';
import { SourceWatcher, type WatchEvent, type WatchOptions } from './watch.js';

/**
 * The folder watchers (chokidar's, real) that the watcher under test opens, and a hook called as
 * each opens: the few tests that need one, to stop at an exact moment or to hand it an error the
 * OS will not make here, reach it through this.
 */
const opened = vi.hoisted(() => ({
  watchers: [] as FSWatcher[],
  hook: undefined as ((folderWatcher: FSWatcher) => void) | undefined,
}));
vi.mock('chokidar', async (importOriginal) => {
  const chokidar = await importOriginal<typeof import('chokidar')>();
  return {
    ...chokidar,
    watch: (...args: Parameters<typeof chokidar.watch>) => {
      const folderWatcher = chokidar.watch(...args);
      opened.watchers.push(folderWatcher);
      opened.hook?.(folderWatcher);
      return folderWatcher;
    },
  };
});

const TIMING = { debounceMs: 200, settleMs: 150, pollMs: 200 };
/** A deadline for work a loaded machine may take long over. */
const SLOW = { timeoutMs: 30_000 };

let t: TempLibrary | undefined;
let watcher: SourceWatcher | undefined;
afterEach(async () => {
  opened.hook = undefined;
  opened.watchers.length = 0;
  await watcher?.stop();
  watcher = undefined;
  await t?.cleanup();
  t = undefined;
});

/** A library in a temp folder with one preset, and `fixtures` in its (not yet added) source. */
async function library(fixtures: string[]): Promise<TempLibrary> {
  t = await tempLibrary(fixtures);
  t.library.savePreset({ name: 'thumb', width: 64, formats: ['webp'] });
  return t;
}

/** Watches `library` with the tests' timing (and `options`); the events it tells, in order. */
async function watching(library: Library, options: WatchOptions = {}): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  watcher = new SourceWatcher(library, { ...TIMING, ...options });
  watcher.on((event) => events.push(event));
  await watcher.start();
  return events;
}

/** A library with one preset and one source holding `fixtures`, watched and first rebuilt. */
async function watched(
  fixtures: string[],
  options: (t: TempLibrary) => WatchOptions | Promise<WatchOptions> = () => ({}),
): Promise<{ t: TempLibrary; events: WatchEvent[] }> {
  const t = await library(fixtures);
  await t.library.addSource(t.sourceDir);
  const events = await watching(t.library, await options(t));
  // The first run ends with a rebuild, or with the error that stopped it.
  await until('the first rebuild', () => events.some((e) => ['rebuilt', 'error'].includes(e.type)));
  return { t, events };
}

/** The original, once every derivative of it is fresh and its file is in the cache. */
function fresh(library: Library, relPath: string) {
  const original = byPath(library.list()).get(relPath);
  const built = original?.derivatives.every(
    (d) => d.state === 'fresh' && d.file !== null && existsSync(d.file),
  );
  return original && original.derivatives.length > 0 && built ? original : undefined;
}

const paths = (library: Library) => library.list().map((o) => `${o.source}/${o.path}`);

/**
 * A host's runner that can hold a run before or after its work until the test lets it go, and
 * notes whether two runs were ever under way at once.
 */
class HeldRunner {
  started = 0;
  finished = 0;
  overlapped = false;
  private active = 0;
  private gate: { where: 'before' | 'after'; reached: boolean; open: () => void } | undefined;
  private opened: Promise<void> = Promise.resolve();

  /** Holds the next run that reaches `where` (before or after its work) until `release()`. */
  hold(where: 'before' | 'after'): void {
    this.opened = new Promise((open) => (this.gate = { where, reached: false, open }));
  }

  /** Whether a run waits at the hold. */
  get held(): boolean {
    return this.gate?.reached ?? false;
  }

  release(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  readonly runner: NonNullable<WatchOptions['runner']> = async (work, stopped) => {
    this.started += 1;
    this.active += 1;
    this.overlapped ||= this.active > 1;
    await this.wait('before', stopped);
    await work(new AbortController().signal);
    await this.wait('after', stopped);
    this.active -= 1;
    this.finished += 1;
  };

  private async wait(where: 'before' | 'after', stopped: AbortSignal): Promise<void> {
    if (this.gate?.where !== where) return;
    this.gate.reached = true;
    // A watcher stopped (a test that failed) lets the held run go.
    await Promise.race([this.opened, new Promise((resolve) => (stopped.onabort = resolve))]);
  }
}

/**
 * A watched library whose runs go through a HeldRunner, with a run (of a new `b.jpg`) held
 * after its work: the state in which the runs tests change things during a run.
 */
async function runHeldAfterWork(): Promise<{
  host: HeldRunner;
  t: TempLibrary;
  events: WatchEvent[];
}> {
  const host = new HeldRunner();
  const { t, events } = await watched(['Landscape_1.jpg'], () => ({ runner: host.runner }));
  await until('the first run over', () => host.finished === 1);
  host.hold('after');
  await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
  await until('the run of b.jpg held', () => host.held);
  return { host, t, events };
}

/** Adds a new, empty source folder named `other` to the library and waits until it is watched. */
async function addOther(t: TempLibrary, events: WatchEvent[]): Promise<string> {
  const other = path.join(path.dirname(t.sourceDir), 'other');
  await mkdir(other);
  await t.library.addSource(other);
  await until('the new source watched', () =>
    events.some((e) => e.type === 'watching' && e.source === 'other'),
  );
  return other;
}

const sourceOf = (e: WatchEvent) => ('source' in e ? e.source : undefined);

describe('watch: sources that change under it', () => {
  it('is told at once by its folder watcher that a source folder is gone', async () => {
    // No poll comes by in this test: what it sees is the folder watcher's own news.
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ pollMs: 60_000 }));
    await rename(t.sourceDir, `${t.sourceDir}-away`);
    const away = await until('the source reported away', () =>
      events.find((e) => e.type === 'away'),
    );
    expect(away).toEqual({ type: 'away', source: 'originals', reason: 'the folder is gone' });
  });

  it('keeps a source that is not a folder away, with the reason, told once, until a folder is back', async () => {
    const t = await library(['Landscape_1.jpg']);
    await t.library.addSource(t.sourceDir);
    const aside = `${t.sourceDir}-aside`;
    await rename(t.sourceDir, aside);
    await writeFile(t.sourceDir, 'not a folder');
    const events = await watching(t.library);
    expect(events).toEqual([
      { type: 'away', source: 'originals', reason: 'cannot be read: it is not a folder' },
    ]);
    // Polls come and go while it stays away.
    await sleep(4 * TIMING.pollMs);
    await rm(t.sourceDir);
    await rename(aside, t.sourceDir);
    await until('the first rebuild', () => events.some((e) => e.type === 'rebuilt'));
    expect(events.map((e) => e.type)).toEqual(['away', 'watching', 'scanned', 'rebuilt']);
    expect(fresh(t.library, 'Landscape_1.jpg')).toBeDefined();
  });

  it('watches another folder put in the place of a source instead of the one that was there', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const replacement = `${t.sourceDir}-new`;
    await mkdir(replacement);
    await copyFile(fixture('Landscape_2.jpg'), path.join(replacement, 'b.jpg'));
    // Only an empty folder can be renamed over; the rename is atomic, so that a poll finds a
    // folder at the path throughout, and the folder watcher goes on watching the old one.
    await rm(path.join(t.sourceDir, 'Landscape_1.jpg'));
    await until('the removal scanned', () => paths(t.library).length === 0);
    const from = events.length;
    await rename(replacement, t.sourceDir);
    await until('the new folder watched', () =>
      events.slice(from).some((e) => e.type === 'watching'),
    );
    expect(events.slice(from).filter((e) => e.type === 'away')).toEqual([
      { type: 'away', source: 'originals', reason: 'another folder took its place' },
    ]);
    await copyFile(fixture('Landscape_3.jpg'), path.join(t.sourceDir, 'c.jpg'));
    await until('a file added to the new folder built', () => fresh(t.library, 'c.jpg'));
    expect(paths(t.library)).toEqual(['originals/b.jpg', 'originals/c.jpg']);
  });

  it('stops watching sources removed from the library, also one whose id a new source took', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const other = await addOther(t, events);
    // The run that scans a source just attached, over before the sources change under it (it
    // came after them once in a loaded run, and its scan of `other` was then news below).
    await until('the new source scanned', () =>
      events.some((e) => e.type === 'scanned' && e.source === 'other'),
    );
    const [originals, second] = t.library.sources();
    const third = path.join(path.dirname(t.sourceDir), 'third');
    await mkdir(third);
    // At once, before any poll: SQLite gives the new source the first one's id again.
    deleteSource(t.library.db, originals!.id);
    deleteSource(t.library.db, second!.id);
    expect(insertSource(t.library.db, 'third', third).id).toBe(originals!.id);
    await until('the new source watched', () =>
      events.some((e) => e.type === 'watching' && e.source === 'third'),
    );
    const from = events.length;
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'gone.jpg'));
    await copyFile(fixture('Landscape_3.jpg'), path.join(other, 'gone.jpg'));
    await copyFile(fixture('Landscape_4.jpg'), path.join(third, 'kept.jpg'));
    await until("the new source's file built", () => fresh(t.library, 'kept.jpg'));
    expect(events.slice(from).filter((e) => sourceOf(e) !== 'third')).toEqual([
      expect.objectContaining({ type: 'rebuilt' }),
    ]);
  });

  it('reports a rescan that fails as an error of its source, and no scan of it', async () => {
    // A source removed from the library is watched until the next poll (none comes here), and
    // its rows cannot be written any more.
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ pollMs: 60_000 }));
    const from = events.length;
    deleteSource(t.library.db, t.library.sources()[0]!.id);
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until('the failed rescan', () => events.slice(from).some((e) => e.type === 'error'));
    expect(events.slice(from)).toEqual([
      { type: 'file', source: 'originals', path: 'b.jpg', change: 'added' },
      { type: 'error', source: 'originals', message: 'FOREIGN KEY constraint failed' },
    ]);
  });

  it("reports its folder watcher's own errors as error events of the source", async () => {
    const { events } = await watched(['Landscape_1.jpg']);
    // Such as inotify's limit, which cannot be reached here without lowering it for everyone.
    const error = Object.assign(new Error('ENOSPC: System limit for number of file watchers'), {
      code: 'ENOSPC',
    });
    opened.watchers.at(-1)!.emit('error', error);
    expect(events.at(-1)).toEqual({ type: 'error', source: 'originals', message: error.message });
  });

  it('reports a poll that fails as an error event', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    t.library.close();
    const error = await until('the failed poll', () => events.find((e) => e.type === 'error'));
    expect(error).toEqual({ type: 'error', message: 'The database connection is not open' });
  });

  it('has a written file settle for settleMs, looked at every 100 ms or more often', async () => {
    const t = await library(['Landscape_1.jpg']);
    await t.library.addSource(t.sourceDir);
    for (const settleMs of [150, 40]) {
      await watching(t.library, { settleMs });
      // The poll never waits longer than the settling it checks for, nor past 100 ms.
      expect(opened.watchers.at(-1)?.options.awaitWriteFinish).toEqual({
        stabilityThreshold: settleMs,
        pollInterval: Math.min(100, settleMs),
      });
      await watcher?.stop();
    }
  });

  it('polls at the interval it was given', async () => {
    const pollMs = 2_500;
    const t = await library(['Landscape_1.jpg']);
    await t.library.addSource(t.sourceDir);
    const events = await watching(t.library, { pollMs });
    const started = Date.now(); // the poll began as start() ended
    await addOther(t, events);
    const seen = Date.now();
    // Timer slack aside, never sooner: a new source is only seen by a poll.
    expect(seen - started).toBeGreaterThanOrEqual(0.9 * pollMs);
  });
});

describe('watch: runs', () => {
  it('runs one run at a time, and a change seen during a run gets a run after it', async () => {
    const { host, t, events } = await runHeldAfterWork();
    await copyFile(fixture('Landscape_3.jpg'), path.join(t.sourceDir, 'c.jpg'));
    await until('c.jpg seen', () => events.some((e) => e.type === 'file' && e.path === 'c.jpg'));
    // Its debounce ends while the run is held: no run may start beside it.
    await sleep(3 * TIMING.debounceMs);
    expect([host.started, host.overlapped]).toEqual([2, false]);
    host.release();
    await until('c.jpg built by the next run', () => fresh(t.library, 'c.jpg'));
    await until('that run over', () => host.finished === 3);
    // Nothing is left for another run.
    await sleep(3 * TIMING.debounceMs);
    expect(host.started).toBe(3);
  });

  it('scans a source attached during a run in a run after it', async () => {
    const { host, t, events } = await runHeldAfterWork();
    await addOther(t, events);
    await sleep(3 * TIMING.debounceMs);
    host.release();
    await until('the new source scanned', () =>
      events.some((e) => e.type === 'scanned' && e.source === 'other'),
    );
  });

  it('scans a source once in a run due both to scan it in full and for a change in it', async () => {
    const host = new HeldRunner();
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ runner: host.runner }));
    await until('the first run over', () => host.finished === 1);
    host.hold('before');
    const other = await addOther(t, events);
    await until('the run of its full scan held', () => host.held);
    await copyFile(fixture('Landscape_2.jpg'), path.join(other, 'b.jpg'));
    await until('b.jpg seen', () => events.some((e) => e.type === 'file' && e.path === 'b.jpg'));
    host.release();
    await until('that run over', () => host.finished === 2);
    expect(fresh(t.library, 'b.jpg')).toBeDefined();
    expect(events.filter((e) => e.type === 'scanned' && e.source === 'other')).toHaveLength(1);
  });

  it('publishes after a run that changed a file, and not after one that changed nothing', async () => {
    const host = new HeldRunner();
    const { t, events } = await watched(['Landscape_1.jpg'], (t) => ({
      runner: host.runner,
      publishTo: resolveTarget(t.library.db, path.join(path.dirname(t.sourceDir), 'site')),
    }));
    await until('the first run over', () => host.finished === 1);
    const published = () => events.filter((e) => e.type === 'published').length;
    expect(published()).toBe(1);
    const other = await readFile(fixture('Landscape_3.jpg'));
    await writeFile(path.join(t.sourceDir, 'Landscape_1.jpg'), other);
    await until('the run of the change over', () => host.finished === 2);
    expect(published()).toBe(2);
    // The same bytes again: the file changed on disk, its content did not.
    await writeFile(path.join(t.sourceDir, 'Landscape_1.jpg'), other);
    await until('the run of the rewrite over', () => host.finished === 3);
    expect(events.filter((e) => e.type === 'scanned').at(-1)).toMatchObject({
      report: { added: 0, changed: 0, removed: 0 },
    });
    expect(published()).toBe(2);
  });

  it('reports a rebuild and a publish that fail as errors, with no report of either', async () => {
    // A concurrency of 0 makes every rebuild throw.
    const site = (t: TempLibrary) => path.join(path.dirname(t.sourceDir), 'site');
    const { t, events } = await watched(['Landscape_1.jpg'], (t) => ({
      concurrency: 0,
      publishTo: resolveTarget(t.library.db, site(t)),
    }));
    await until('the first publish', () => events.some((e) => e.type === 'published'));
    // As if another process were publishing there now: a publish refuses to start.
    const [last] = publishHistory(t.library, { target: resolveTarget(t.library.db, site(t)) });
    t.library.db.prepare("UPDATE jobs SET state = 'running' WHERE id = ?").run(last!.jobId);
    const from = events.length;
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until(
      'both failed',
      () => events.slice(from).filter((e) => e.type === 'error').length === 2,
    );
    expect(events.slice(from)).toEqual([
      expect.objectContaining({ type: 'file' }),
      expect.objectContaining({ type: 'scanned' }),
      { type: 'error', message: expect.stringContaining('concurrency') },
      { type: 'error', message: expect.stringContaining('is already running') },
    ]);
  });
});

describe('watch: ignored paths', () => {
  it("ignores the library's own folder inside a source, and litter in its subfolders", async () => {
    const t = await library(['Landscape_1.jpg']);
    const inside = Library.open(path.join(t.sourceDir, 'library'), { concurrency: 2 });
    try {
      inside.savePreset({ name: 'thumb', width: 64, formats: ['webp'] });
      // There before the watch: files put at once into a folder just made may come before
      // chokidar watches it, and then it never tells of them.
      await mkdir(path.join(t.sourceDir, 'sub'));
      await inside.addSource(t.sourceDir);
      const events = await watching(inside);
      await until('the first rebuild', () => events.some((e) => e.type === 'rebuilt'));
      await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'sub', '.b.jpg'));
      await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'sub', 'b.jpg~'));
      await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'sub', 'b.jpg'));
      await until('the new file built', () => fresh(inside, 'sub/b.jpg'));
      const files = events.filter((e) => e.type === 'file');
      expect(files.map((e) => e.type === 'file' && e.path)).toEqual(['sub/b.jpg']);
    } finally {
      await watcher?.stop();
      inside.close();
    }
  });

  it('does not follow a link to a folder: the link is one path, for the scan to judge', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const elsewhere = path.join(path.dirname(t.sourceDir), 'elsewhere');
    await mkdir(elsewhere);
    await copyFile(fixture('Landscape_2.jpg'), path.join(elsewhere, 'a.jpg'));
    const from = events.length;
    await symlink(elsewhere, path.join(t.sourceDir, 'linked'));
    await until('the link scanned', () => events.slice(from).some((e) => e.type === 'scanned'));
    expect(events.slice(from).filter((e) => e.type === 'file')).toEqual([
      { type: 'file', source: 'originals', path: 'linked', change: 'added' },
    ]);
  });
});

describe('watch: stopping', () => {
  it('stops at once when stopped during its start, and touches the library no more', async () => {
    const t = await library(['Landscape_1.jpg']);
    await t.library.addSource(t.sourceDir);
    let stopping: Promise<void> | undefined;
    let ready = false;
    // Stopped as soon as the source's folder watcher exists, before it can be ready.
    opened.hook = (folderWatcher) => {
      folderWatcher.once('ready', () => (ready = true));
      queueMicrotask(() => (stopping = watcher!.stop()));
    };
    const events = await watching(t.library);
    await stopping;
    expect(ready).toBe(false);
    t.library.close();
    // Nothing may happen: a few polls' time, when a live watcher would have polled.
    await sleep(3 * TIMING.pollMs);
    expect(events).toEqual([]);
  });

  it('opens no folder watcher once stopped, even with a source being looked at', async () => {
    const t = await library(['Landscape_1.jpg']);
    await t.library.addSource(t.sourceDir);
    watcher = new SourceWatcher(t.library, TIMING);
    // start() is looking at the source's folder when stop() comes.
    const starting = watcher.start();
    await watcher.stop();
    await starting;
    expect(opened.watchers).toEqual([]);
  });

  it('stops at once when stopped during a poll, and touches the library no more', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    let stopping: Promise<void> | undefined;
    // The poll that attaches a new source tells of it while it runs.
    watcher!.on((e) => {
      if (e.type === 'watching' && e.source === 'other') stopping ??= watcher!.stop();
    });
    await addOther(t, events);
    await stopping;
    const from = events.length;
    t.library.close();
    await sleep(3 * TIMING.pollMs);
    expect(events.slice(from)).toEqual([]);
  });
});

describe('watch', () => {
  it('brings catalog and cache up to date with files added, changed and removed', async () => {
    const { t } = await watched(['Landscape_1.jpg', 'Landscape_2.jpg']);
    const before = fresh(t.library, 'Landscape_1.jpg')!;
    const removedId = byPath(t.library.list()).get('Landscape_2.jpg')!.id;

    await mkdir(path.join(t.sourceDir, 'new-folder'));
    await copyFile(fixture('Portrait_1.jpg'), path.join(t.sourceDir, 'new-folder', 'new.jpg'));
    await copyFile(fixture('Landscape_3.jpg'), path.join(t.sourceDir, 'Landscape_1.jpg'));
    await rm(path.join(t.sourceDir, 'Landscape_2.jpg'));

    // How fast is the benchmarks' business; here only that it happens, by a generous deadline.
    const changed = await until(
      'the change rebuilt',
      () => {
        const original = fresh(t.library, 'Landscape_1.jpg');
        return original && original.hash !== before.hash ? original : undefined;
      },
      SLOW,
    );
    const added = await until(
      'the new file built',
      () => fresh(t.library, 'new-folder/new.jpg'),
      SLOW,
    );
    await until('the removed file gone', () => paths(t.library).length === 2, SLOW);

    expect(paths(t.library)).toEqual(['originals/Landscape_1.jpg', 'originals/new-folder/new.jpg']);
    expect(changed.id).toBe(before.id);
    expect(changed.derivatives[0]!.file).not.toBe(before.derivatives[0]!.file);
    expect(added).toMatchObject({ format: 'jpeg', error: null });
    const rowsOfRemoved = t.library.db
      .prepare('SELECT COUNT(*) AS n FROM derivatives WHERE original_id = ?')
      .get(removedId) as { n: number };
    expect(rowsOfRemoved.n).toBe(0);
    expect(t.library.status().derivatives.fresh).toBe(2);
  });

  it('builds the files of a new folder even when the folder watcher never reports them', async () => {
    // chokidar reads a new folder before it watches it and loses a file written in between
    // (paulmillr/chokidar#1471). Which copy lands in that gap is chance, so here the folder
    // watchers drop every report of a file in the new folder: only its own 'addDir' gets through.
    const lost = `${path.sep}copied-in${path.sep}`;
    type Emitter = { emit: (event: string, ...args: unknown[]) => boolean };
    opened.hook = (folderWatcher) => {
      const emitter = folderWatcher as unknown as Emitter;
      const emit = emitter.emit.bind(folderWatcher);
      emitter.emit = (event, ...args) => {
        const file = String(event === 'all' ? args[1] : args[0]);
        return file.includes(lost) ? false : emit(event, ...args);
      };
    };
    const { t, events } = await watched(['Landscape_1.jpg']);
    const from = events.length;
    await mkdir(path.join(t.sourceDir, 'copied-in'));
    await copyFile(fixture('Portrait_1.jpg'), path.join(t.sourceDir, 'copied-in', 'a.jpg'));

    await until("the new folder's file built", () => fresh(t.library, 'copied-in/a.jpg'), SLOW);
    expect(events.slice(from).filter((e) => e.type === 'file')).toEqual([]);
  });

  it('rebuilds a burst of 20 new files once per quiet period it leaves, not once per file', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const from = events.length;
    const seenAt: number[] = [];
    watcher!.on((event) => event.type === 'file' && seenAt.push(Date.now()));
    const names = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [
      `Landscape_${n}.jpg`,
      `Portrait_${n}.jpg`,
    ]);
    const burst = [...names, 'concert.jpg', 'flowers.jpeg', 'p3.png', 'still.webp'].map(
      (name, i): [string, string] => [name, `burst/${i}-${name}`],
    );
    expect(burst).toHaveLength(20);
    await mkdir(path.join(t.sourceDir, 'burst'));
    for (const [name, to] of burst) await copyFile(fixture(name), path.join(t.sourceDir, to));

    await until('all 20 built', () => burst.every(([, to]) => fresh(t.library, to)), SLOW);
    const since = events.slice(from);
    expect(since.filter((e) => e.type === 'file')).toHaveLength(20);
    const runs = since.filter((e) => e.type === 'rebuilt').length;
    // A run starts only once the changes went quiet for the debounce, or when a burst outlasts
    // ten times it. However slowly this machine copied, the runs are bounded by the quiet
    // periods it actually left between the files (timer slack allowed for) and by that cap.
    const quietGaps = seenAt.slice(1).filter((at, i) => at - seenAt[i]! >= 0.9 * TIMING.debounceMs);
    const capped = Math.floor((seenAt.at(-1)! - seenAt[0]!) / (10 * TIMING.debounceMs));
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(
      runs,
      `file events at +${seenAt.map((at) => at - seenAt[0]!).join(', +')} ms`,
    ).toBeLessThanOrEqual(1 + quietGaps.length + capped);
  });

  it("ignores editors' temp, swap and backup files, as a full scan does", async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const from = events.length;
    const jpeg = await readFile(fixture('Landscape_2.jpg'));
    const litter = [
      'photo.jpg~',
      '.photo.jpg.swp',
      'photo.jpg.swp',
      '4913',
      '.#photo.jpg',
      '#photo.jpg#',
      'photo.jpg.tmp',
      '.tmp-1-0a1b2c-photo.jpg',
      'photo.jpg.crdownload',
    ];
    for (const name of litter) await writeFile(path.join(t.sourceDir, name), jpeg);
    await rm(path.join(t.sourceDir, '4913')); // Vim's probe comes and goes
    await writeFile(path.join(t.sourceDir, 'photo.jpg'), jpeg);

    await until('the saved file built', () => fresh(t.library, 'photo.jpg'));
    const files = events.slice(from).filter((e) => e.type === 'file');
    expect(files.map((e) => e.type === 'file' && e.path)).toEqual(['photo.jpg']);
    expect(paths(t.library)).toEqual(['originals/Landscape_1.jpg', 'originals/photo.jpg']);
    await t.library.scan();
    expect(paths(t.library)).toEqual(['originals/Landscape_1.jpg', 'originals/photo.jpg']);
  });

  it('keeps a source that went away, and picks up its changes when it is back', async () => {
    const { t, events } = await watched(['Landscape_1.jpg', 'Landscape_2.jpg']);
    const other = path.join(path.dirname(t.sourceDir), 'other');
    await mkdir(other);
    await t.library.addSource(other);
    await until('the new source watched', () =>
      events.some((e) => e.type === 'watching' && e.source === 'other'),
    );
    const ids = new Map(t.library.list().map((o) => [o.path, o.id]));

    const away = `${t.sourceDir}-away`;
    await rename(t.sourceDir, away);
    await until('the source reported away', () =>
      events.some((e) => e.type === 'away' && e.source === 'originals'),
    );
    // A change elsewhere proves a run went by after the folder left: its files, which the
    // watcher saw vanish, must still be in the catalog.
    await copyFile(fixture('Landscape_4.jpg'), path.join(other, 'pulse.jpg'));
    await until('a run after the folder left', () => fresh(t.library, 'pulse.jpg'));
    expect(paths(t.library)).toEqual([
      'originals/Landscape_1.jpg',
      'originals/Landscape_2.jpg',
      'other/pulse.jpg',
    ]);

    await copyFile(fixture('Landscape_5.jpg'), path.join(away, 'while-away.jpg'));
    await rm(path.join(away, 'Landscape_2.jpg'));
    const back = events.length;
    await rename(away, t.sourceDir);
    await until('the source watched again', () =>
      events.slice(back).some((e) => e.type === 'watching' && e.source === 'originals'),
    );
    await until('the changes made while away', () => fresh(t.library, 'while-away.jpg'));
    await until('the file removed while away gone', () => paths(t.library).length === 3);
    expect(byPath(t.library.list()).get('Landscape_1.jpg')!.id).toBe(ids.get('Landscape_1.jpg'));

    await copyFile(fixture('Landscape_6.jpg'), path.join(t.sourceDir, 'after.jpg'));
    await until('a change after it came back', () => fresh(t.library, 'after.jpg'));
  });

  it('waits for a file being written to settle before reading it', async () => {
    // The writer pauses longer than the debounce, and far shorter than the settle time.
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ settleMs: 1_200 }));
    const from = events.length;
    const bytes = await readFile(fixture('flowers.jpeg'));
    const file = await open(path.join(t.sourceDir, 'slow.jpg'), 'w');
    const chunk = Math.ceil(bytes.length / 3);
    for (let at = 0; at < bytes.length; at += chunk) {
      await file.write(bytes.subarray(at, at + chunk));
      await new Promise((resolve) => setTimeout(resolve, 400)); // a slow writer, on purpose
    }
    await file.close();

    await until('the written file built', () => fresh(t.library, 'slow.jpg'));
    const scans = events.slice(from).filter((e) => e.type === 'scanned');
    expect(scans.map((e) => e.type === 'scanned' && e.report)).toEqual([
      expect.objectContaining({ added: 1, failed: 0 }),
    ]);
  });

  it('publishes to a target after each change, and with publishDelete removes what was removed', async () => {
    const siteOf = (t: TempLibrary) => path.join(path.dirname(t.sourceDir), 'site');
    const { t } = await watched(['Landscape_1.jpg', 'Landscape_2.jpg'], (t) => ({
      publishTo: resolveTarget(t.library.db, siteOf(t)),
      publishDelete: true,
    }));
    const site = siteOf(t);
    // The target's own files, not only what its manifest says.
    const files = async () => (await filesUnder(site)).join();
    await until(
      'the first publish',
      async () =>
        (await files()) ===
        'thumb/originals/Landscape_1.webp,thumb/originals/Landscape_2.webp,thumbdesk.json',
    );

    await rm(path.join(t.sourceDir, 'Landscape_2.jpg'));
    await copyFile(fixture('Portrait_3.jpg'), path.join(t.sourceDir, 'new.jpg'));
    const expected = 'thumb/originals/Landscape_1.webp,thumb/originals/new.webp,thumbdesk.json';
    await until(
      "the removed original's file gone from the site",
      async () => (await files()) === expected,
      {
        timeoutMs: 30_000,
      },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the site holds ${await files()}`);
    });
    const manifest = JSON.parse(
      await readFile(path.join(site, 'thumbdesk.json'), 'utf8'),
    ) as Manifest;
    expect(Object.keys(manifest.originals).sort()).toEqual([
      'originals/Landscape_1.jpg',
      'originals/new.jpg',
    ]);
  });

  it('publishes a removal on its own, without a rebuild, and keeps the object without publishDelete', async () => {
    const site = (t: TempLibrary) => path.join(path.dirname(t.sourceDir), 'site');
    const { t, events } = await watched(['Landscape_1.jpg', 'Landscape_2.jpg'], (t) => ({
      publishTo: resolveTarget(t.library.db, site(t)),
    }));
    await until('the first publish', () => events.some((e) => e.type === 'published'));
    const from = events.length;

    await rm(path.join(t.sourceDir, 'Landscape_2.jpg'));
    await until('the removal published', () =>
      events.slice(from).some((e) => e.type === 'published'),
    );
    expect(events.slice(from).map((e) => e.type)).toEqual(['file', 'scanned', 'published']);
    const manifest = JSON.parse(
      await readFile(path.join(site(t), 'thumbdesk.json'), 'utf8'),
    ) as Manifest;
    expect(Object.keys(manifest.originals)).toEqual(['originals/Landscape_1.jpg']);
    // Without publishDelete the object stays, as a stray key of the target.
    expect(await filesUnder(site(t))).toEqual([
      'thumb/originals/Landscape_1.webp',
      'thumb/originals/Landscape_2.webp',
      'thumbdesk.json',
    ]);
  });

  it('drops the files of a deleted subfolder and goes on watching the source', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    // What was there before the watch began is the first run's, not news of a change.
    expect(events.filter((e) => e.type === 'file')).toEqual([]);
    await mkdir(path.join(t.sourceDir, 'sub'));
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'sub', 'a.jpg'));
    await until('the subfolder built', () => fresh(t.library, 'sub/a.jpg'));

    await rm(path.join(t.sourceDir, 'sub'), { recursive: true });
    await until('the subfolder gone', () => paths(t.library).length === 1);
    await copyFile(fixture('Landscape_3.jpg'), path.join(t.sourceDir, 'after.jpg'));
    await until('a change after it', () => fresh(t.library, 'after.jpg'));
    expect(events.filter((e) => e.type === 'away')).toEqual([]);
  });

  it('tells nothing more after stop(), or to a listener that unsubscribed', async () => {
    const { t, events } = await watched(['Landscape_1.jpg']);
    const unsubscribed: WatchEvent[] = [];
    watcher!.on((event) => unsubscribed.push(event))();
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until('the new file built', () => fresh(t.library, 'b.jpg'));
    expect(unsubscribed).toEqual([]);

    await watcher!.stop();
    const from = events.length;
    await copyFile(fixture('Landscape_3.jpg'), path.join(t.sourceDir, 'c.jpg'));
    // Nothing may happen, so there is nothing to wait for: a while longer than a settle, a
    // debounce and a poll together, which is when a live watcher would have run.
    const { settleMs, debounceMs, pollMs } = TIMING;
    await new Promise((resolve) => setTimeout(resolve, 3 * (settleMs + debounceMs + pollMs)));
    expect(events.slice(from)).toEqual([]);
    expect(paths(t.library)).toEqual(['originals/Landscape_1.jpg', 'originals/b.jpg']);
  });

  it('waits for changes to go quiet for the debounce it was given before a run', async () => {
    const debounceMs = 1_000;
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ debounceMs }));
    const at = new Map<string, number>();
    watcher!.on((event) => at.set(event.type, at.get(event.type) ?? Date.now()));
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until('the new file scanned', () => at.has('scanned'));
    // Timer slack aside, never sooner: a run that came early would not have waited at all.
    expect(at.get('scanned')! - at.get('file')!).toBeGreaterThanOrEqual(0.9 * debounceMs);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('runs through the runner it was given, which can cancel a run', async () => {
    let calls = 0;
    let finished = 0;
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({
      runner: async (work) => {
        const controller = new AbortController();
        calls += 1;
        if (calls > 1) controller.abort(); // the host cancels every run after the first
        await work(controller.signal);
        finished += 1;
      },
    }));
    expect(calls).toBe(1);
    const from = events.length;
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until('the second run over', () => finished === 2);
    // The cancelled run scanned and built nothing.
    expect(events.slice(from).map((e) => e.type)).toEqual(['file']);
    expect(paths(t.library)).toEqual(['originals/Landscape_1.jpg']);
  });

  it('reports a step that fails as an error and goes on watching', async () => {
    // A concurrency of 0 makes every rebuild throw; the rescans still work.
    const { t, events } = await watched(['Landscape_1.jpg'], () => ({ concurrency: 0 }));
    expect(events.filter((e) => e.type === 'error')).toEqual([
      { type: 'error', message: expect.stringContaining('concurrency') },
    ]);
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'b.jpg'));
    await until('the new file scanned', () => paths(t.library).includes('originals/b.jpg'));
    await until(
      'its rebuild failed too',
      () => events.filter((e) => e.type === 'error').length === 2,
    );
  });
});
