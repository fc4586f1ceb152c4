import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder } from '../test-support/files.js';
import { fixture } from '../test-support/fixtures.js';
import { byPath, tempLibrary, type TempLibrary } from '../test-support/library.js';
import { until } from '../test-support/poll.js';
import type { Manifest } from '../publish/manifest.js';
import { resolveTarget } from '../publish/target.js';
import type { Library } from './library.js';
import { SourceWatcher, type WatchEvent, type WatchOptions } from './watch.js';

const TIMING = { debounceMs: 200, settleMs: 150, pollMs: 200 };
/** A deadline for work a loaded machine may take long over. */
const SLOW = { timeoutMs: 30_000 };

let t: TempLibrary | undefined;
let watcher: SourceWatcher | undefined;
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  await t?.cleanup();
  t = undefined;
});

/** A library with one preset and one source holding `fixtures`, watched and first rebuilt. */
async function watched(
  fixtures: string[],
  options: (t: TempLibrary) => WatchOptions = () => ({}),
): Promise<{ t: TempLibrary; events: WatchEvent[] }> {
  t = await tempLibrary(fixtures);
  t.library.savePreset({ name: 'thumb', width: 64, formats: ['webp'] });
  await t.library.addSource(t.sourceDir);
  const events: WatchEvent[] = [];
  watcher = new SourceWatcher(t.library, { ...TIMING, ...options(t) });
  watcher.on((event) => events.push(event));
  await watcher.start();
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
