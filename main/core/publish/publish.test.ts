import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recentJobs } from '../catalog/jobs.js';
import { publicationsAt } from '../catalog/publications.js';
import type { ProgressSnapshot } from '../jobs/progress.js';
import { MANIFEST_KEY, type Manifest } from './manifest.js';
import { openStore } from './open-store.js';
import { publish, publishHistory } from './publish.js';
import { FolderStore } from './stores/folder-store.js';
import { StoreError, type RemoteObject } from './stores/object-store.js';
import { resolveTarget, TargetError, type Target } from './target.js';
import { MANIFEST_CACHE_CONTROL } from './template.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import { MemoryStore } from './test-support/memory-store.js';

// Three originals, four derivatives each: twelve objects and the manifest.
const OBJECTS = 12;

let t: TestLibrary;
beforeAll(async () => {
  t = await builtLibrary(['Landscape_1.jpg', 'Portrait_2.jpg', 'Landscape_3.jpg']);
});
afterAll(() => t.cleanup());

/** A target of its own per test: records and runs are kept per location. */
const targetFor = (name: string): Target => resolveTarget(t.library.db, path.join(t.dir, name));

const lastRun = (target: Target) => publishHistory(t.library, { target, limit: 1 })[0]!;

/** Copies what `from` holds into `to`, as if both were the same bucket. */
function copyObjects(from: MemoryStore, to: MemoryStore): MemoryStore {
  for (const [key, object] of from.objects) to.objects.set(key, object);
  return to;
}

/** The keys the manifest last put up in `store` sends a site to. */
function manifestPaths(store: MemoryStore): string[] {
  const { data } = store.requests.get(MANIFEST_KEY)!.body as { data: Buffer };
  const manifest = JSON.parse(data.toString('utf8')) as Manifest;
  return Object.values(manifest.originals)
    .flatMap((o) => Object.values(o.presets).flatMap((variants) => variants.map((v) => v.path)))
    .sort();
}

/**
 * Holds the first `count` looks (HEADs) until all of them came, then answers them last first:
 * a store whose answers come out of the order they were asked in. Later looks are answered at once.
 */
class ReversingStore extends MemoryStore {
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly count: number) {
    super();
  }

  override async head(key: string): Promise<RemoteObject | null> {
    if (this.waiting.length < this.count) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.count) this.waiting.toReversed().forEach((go) => go());
      });
    }
    return super.head(key);
  }
}

/** Holds every look (HEAD) until `release()`; `looking` resolves once the first one came. */
class HoldingStore extends MemoryStore {
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  private reached!: () => void;
  readonly looking = new Promise<void>((resolve) => (this.reached = resolve));

  override async head(key: string): Promise<RemoteObject | null> {
    this.reached();
    await this.released;
    return super.head(key);
  }
}

/** Sets the state (and the process) of the latest run to `target`, as another process left it. */
function leaveLastRun(target: Target, state: string, pidStart?: number) {
  t.library.db
    .prepare('UPDATE jobs SET state = ?, pid_start = coalesce(?, pid_start) WHERE id = ?')
    .run(state, pidStart ?? null, lastRun(target).jobId);
}

describe('publish: what it asks of the store', () => {
  it('after a cancelled run, looks before sending again and skips what landed unrecorded', async () => {
    const target = targetFor('cancelled');
    const controller = new AbortController();
    // The third object lands, and the run is cancelled before it is recorded.
    let puts = 0;
    const cancelling = new MemoryStore(() => {
      if (++puts === 3) {
        controller.abort();
        throw new Error('cancelled after landing');
      }
    });
    const first = await publish(t.library, target, {
      store: cancelling,
      concurrency: 1,
      signal: controller.signal,
    });
    expect(first).toMatchObject({ cancelled: true, uploaded: 2 });
    // What was planned, without the manifest: it never went up.
    expect(first.uploadKeys).toHaveLength(OBJECTS);
    expect(first.uploadKeys).not.toContain(MANIFEST_KEY);
    expect(lastRun(target).state).toBe('cancelled');
    expect(cancelling.keysOf('put')).not.toContain(MANIFEST_KEY);
    const landed = cancelling.keysOf('put')[2]!;
    expect(publicationsAt(t.library.db, target.location).has(landed)).toBe(false);

    const store = copyObjects(cancelling, new MemoryStore());
    // A dry run looks too, and records nothing of what it finds.
    const dry = await publish(t.library, target, { store, dryRun: true });
    expect(dry).toMatchObject({ uploaded: OBJECTS - 3 + 1, unchanged: 3 });
    expect(store.keysOf('put')).toEqual([]);
    expect(publicationsAt(t.library.db, target.location).has(landed)).toBe(false);
    store.calls.length = 0;
    const progress: [string, number, number][] = [];
    const second = await publish(t.library, target, {
      store,
      onProgress: (p, phase) => progress.push([phase, p.done, p.total]),
    });
    // Every object not recorded was looked at; the one that landed was recorded, not sent.
    expect(store.keysOf('head')).toHaveLength(OBJECTS - 2);
    expect(store.keysOf('put')).not.toContain(landed);
    expect(store.keysOf('put')).toHaveLength(OBJECTS - 3 + 1);
    expect(second).toMatchObject({ uploaded: OBJECTS - 2, unchanged: 3, failed: 0, repaired: 0 });
    expect(second.drift).toEqual([]);
    expect(second.uploadKeys).toEqual([...second.uploadKeys].sort());
    expect(publicationsAt(t.library.db, target.location).has(landed)).toBe(true);
    expect(progress.filter(([phase]) => phase === 'check')).toHaveLength(OBJECTS - 2);
    expect(progress.at(-1)).toEqual(['send', OBJECTS - 2, OBJECTS - 2]);
  });

  it('looks again after an interrupted run or one whose process died, not after a failed one', async () => {
    const cases = [
      ['failed', undefined, []],
      ['interrupted', undefined, ['head']],
      // This process's PID with another start time: a process that is gone.
      ['running', 1, ['head']],
    ] as const;
    for (const [state, pidStart, looks] of cases) {
      const target = targetFor(`left-${state}`);
      // The first object lands, but the store fails the request: it is not recorded.
      let first: string | undefined;
      const failing = new MemoryStore((request) => {
        first ??= request.key;
        if (request.key === first) throw new StoreError(`cannot upload ${first}`, false);
      });
      expect(await publish(t.library, target, { store: failing })).toMatchObject({ failed: 1 });
      leaveLastRun(target, state, pidStart);

      const store = copyObjects(failing, new MemoryStore());
      const again = await publish(t.library, target, { store });
      expect(store.calls, state).toEqual([
        ...looks.map((kind) => `${kind} ${first}`),
        ...(looks.length > 0 ? [] : [`put ${first}`]),
        `put ${MANIFEST_KEY}`,
      ]);
      expect(again.failed).toBe(0);
    }
  });

  it('refuses to start while a run of this process to the same place is under way', async () => {
    const target = targetFor('busy');
    await publish(t.library, target, { store: new MemoryStore() });
    leaveLastRun(target, 'running');
    await expect(publish(t.library, target, { store: new MemoryStore() })).rejects.toThrow(
      `a publish to ${target.location} is already running (process ${process.pid}); wait for it or cancel it`,
    );
    // A dry run sends nothing, so it may look meanwhile.
    expect(
      await publish(t.library, target, { dryRun: true, store: new MemoryStore() }),
    ).toMatchObject({ dryRun: true, jobId: null });
  });

  it('sends eight at once by default, or as many as asked', async () => {
    const eight = new MemoryStore();
    await publish(t.library, targetFor('eight'), { store: eight });
    expect(eight.maxInFlight).toBe(8);
    const two = new MemoryStore();
    await publish(t.library, targetFor('two'), { store: two, concurrency: 2 });
    expect(two.maxInFlight).toBe(2);
  });

  it('with verify, finds the manifest changed or gone behind its back and puts it back', async () => {
    const target = targetFor('verify');
    const store = new MemoryStore();
    await publish(t.library, target, { store });
    const manifest = store.objects.get(MANIFEST_KEY)!;
    store.objects.set(MANIFEST_KEY, { ...manifest, sha256: '0'.repeat(64) });
    const progress: string[] = [];
    const changed = await publish(t.library, target, {
      store,
      verify: true,
      onProgress: (p, phase) => progress.push(`${phase} ${p.done}/${p.total}`),
    });
    expect(changed.drift).toEqual([{ key: MANIFEST_KEY, found: 'other bytes' }]);
    expect(changed).toMatchObject({ uploaded: 1, unchanged: OBJECTS, uploadKeys: [MANIFEST_KEY] });
    expect(progress).toEqual([
      ...Array.from({ length: OBJECTS + 1 }, (_, i) => `check ${i + 1}/${OBJECTS + 1}`),
      'send 1/1',
    ]);
    expect(store.objects.get(MANIFEST_KEY)).toEqual(manifest);

    store.objects.delete(MANIFEST_KEY);
    const missing = await publish(t.library, target, { store, verify: true });
    expect(missing.drift).toEqual([{ key: MANIFEST_KEY, found: 'missing' }]);
    expect(store.objects.get(MANIFEST_KEY)).toEqual(manifest);
    const same = await publish(t.library, target, { store, verify: true });
    expect(same).toMatchObject({ uploaded: 0, unchanged: OBJECTS + 1, drift: [] });
  });

  it('in a dry run counts what would go and what would be deleted, and sends nothing', async () => {
    const target = targetFor('dry');
    const store = new MemoryStore();
    const before = await publish(t.library, target, { store, dryRun: true });
    expect(before).toMatchObject({ uploaded: OBJECTS + 1, unchanged: 0, deleted: 0 });
    expect(store.calls).toEqual([]);
    const sent = await publish(t.library, target, { store });
    expect(sent.bytes).toBe(before.bytes);
    const after = await publish(t.library, target, { store, dryRun: true });
    expect(after).toMatchObject({ uploaded: 0, unchanged: OBJECTS + 1, bytes: 0, uploadKeys: [] });

    // Renamed: every object under a new key, the old keys stray or, with delete, go.
    const renamed = resolveTarget(t.library.db, path.join(t.dir, 'dry'), {
      template: '{format}/{stem}{@density}.{ext}',
    });
    const calls = store.calls.length;
    const kept = await publish(t.library, renamed, { store, dryRun: true });
    expect(kept).toMatchObject({ uploaded: OBJECTS + 1, deleted: 0, deleteKeys: [] });
    expect(kept.strayKeys).toHaveLength(OBJECTS);
    const deleting = await publish(t.library, renamed, { store, dryRun: true, delete: true });
    expect(deleting).toMatchObject({ deleted: OBJECTS, strayKeys: [] });
    expect(deleting.deleteKeys).toEqual(kept.strayKeys);
    expect(store.calls).toHaveLength(calls);
  });

  it('keeps a history of each run: its job, state, counts, errors and progress', async () => {
    const target = targetFor('history');
    const progress: ProgressSnapshot[] = [];
    // The manifest fails: the objects are up, the run failed.
    const failing = new MemoryStore((request) => {
      if (request.key === MANIFEST_KEY) throw new StoreError('no manifest today', false);
    });
    const failed = await publish(t.library, target, {
      store: failing,
      onProgress: (p) => progress.push(p),
    });
    expect(failed).toMatchObject({ dryRun: false, uploaded: OBJECTS, failed: 1 });
    expect(failed.errors).toEqual([{ key: MANIFEST_KEY, error: 'no manifest today' }]);
    expect(failed.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(failed.elapsedMs).toBeLessThan(60_000);
    expect(progress.at(-1)).toMatchObject({ done: OBJECTS + 1, total: OBJECTS + 1, failed: 1 });
    expect(progress.at(-1)!.bytes).toBe(failed.bytes);
    expect(lastRun(target)).toMatchObject({
      jobId: failed.jobId,
      state: 'failed',
      uploaded: OBJECTS,
      failed: 1,
      errors: failed.errors,
    });
    const job = recentJobs(t.library.db, 1)[0]!;
    expect(job).toMatchObject({ id: failed.jobId, kind: 'publish', state: 'failed' });
    expect(JSON.parse(job.params)).toEqual({ target: target.location, delete: false });

    const store = copyObjects(failing, new MemoryStore());
    const done = await publish(t.library, target, { store });
    expect(done).toMatchObject({ uploaded: 1, uploadKeys: [MANIFEST_KEY], failed: 0 });
    expect(lastRun(target)).toMatchObject({ state: 'done', uploaded: 1, errors: [] });
    expect((await publish(t.library, target, { store })).uploadKeys).toEqual([]);
    expect(publishHistory(t.library, { target, limit: 1 })).toHaveLength(1);
    expect(publishHistory(t.library, { target }).length).toBeGreaterThan(1);
    const other = targetFor('history-other');
    await publish(t.library, other, { store: new MemoryStore() });
    expect(publishHistory(t.library).map((r) => r.location)).toEqual(
      expect.arrayContaining([target.location, other.location]),
    );

    // Renamed, with delete: the old keys go, counted in the progress.
    const renamed = resolveTarget(t.library.db, path.join(t.dir, 'history'), {
      template: '{format}/{stem}{@density}.{ext}',
    });
    const sent: ProgressSnapshot[] = [];
    const moved = await publish(t.library, renamed, {
      store,
      delete: true,
      onProgress: (p) => sent.push(p),
    });
    expect(moved).toMatchObject({ uploaded: OBJECTS + 1, deleted: OBJECTS, failed: 0 });
    expect(sent.at(-1)).toMatchObject({ done: 2 * OBJECTS + 1, total: 2 * OBJECTS + 1 });
    expect(JSON.parse(recentJobs(t.library.db, 1)[0]!.params)).toMatchObject({ delete: true });
  });

  it('stops before sending when cancelled while it looks', async () => {
    const target = targetFor('cancel-check');
    const store = new MemoryStore();
    await publish(t.library, target, { store });
    const runs = publishHistory(t.library, { target }).length;
    for (const at of [1, OBJECTS + 1]) {
      // Cancelled while an object is looked at, then while the manifest is.
      const controller = new AbortController();
      const report = await publish(t.library, target, {
        store,
        verify: true,
        signal: controller.signal,
        onProgress: (p) => p.done === at && controller.abort(),
      });
      expect(report.cancelled).toBe(true);
      expect(store.keysOf('put')).toHaveLength(OBJECTS + 1);
      expect(publishHistory(t.library, { target })).toHaveLength(runs);
    }
    // A new place has no manifest to look at: cancelled among its objects, it records no run.
    const fresh = targetFor('cancel-check-new');
    const controller = new AbortController();
    const report = await publish(t.library, fresh, {
      store,
      verify: true,
      signal: controller.signal,
      onProgress: (p) => p.done === 1 && controller.abort(),
    });
    expect(report.cancelled).toBe(true);
    expect(publishHistory(t.library, { target: fresh })).toEqual([]);
  });

  it('publishes to two places at once, and forgets the record of an object it starts to replace', async () => {
    const [a, b] = [targetFor('at-once-a'), targetFor('at-once-b')];
    const store = new MemoryStore();
    const reports = await Promise.all([
      publish(t.library, a, { store: new MemoryStore() }),
      publish(t.library, b, { store }),
    ]);
    expect(reports.map((r) => r.failed)).toEqual([0, 0]);

    // Changed behind its back (same hash, other size), then the repair fails: not recorded.
    const key = store.keysOf('put')[0]!;
    store.objects.set(key, { ...store.objects.get(key)!, bytes: 1 });
    const failing = copyObjects(
      store,
      new MemoryStore((request) => {
        if (request.key === key) throw new StoreError('refused', false);
      }),
    );
    const verified = await publish(t.library, b, { store: failing, verify: true });
    expect(verified.drift).toEqual([{ key, found: 'other bytes' }]);
    expect(verified.failed).toBe(1);
    expect(publicationsAt(t.library.db, b.location).has(key)).toBe(false);
    // Nor does the manifest send a site to it any more.
    expect(verified.uploadKeys).toEqual([key, MANIFEST_KEY]);
    expect(manifestPaths(failing)).not.toContain(key);
    expect(manifestPaths(failing)).toHaveLength(OBJECTS - 1);
  });

  it('refuses a second run while the first still looks, even after a dry run to the same place', async () => {
    const target = targetFor('held');
    // A first publish to a new place, held while it looks: no run of it is recorded yet.
    const store = new HoldingStore();
    const first = publish(t.library, target, { store, verify: true });
    await store.looking;
    const refusal = `a publish to ${target.location} is already running (process ${process.pid}); wait for it or cancel it`;
    await expect(publish(t.library, target, { store: new MemoryStore() })).rejects.toThrow(
      new TargetError(refusal),
    );
    // A dry run beside it ends without freeing the place the first one holds.
    const dry = await publish(t.library, target, { dryRun: true, store: new MemoryStore() });
    expect(dry).toMatchObject({ dryRun: true, uploaded: OBJECTS + 1 });
    await expect(publish(t.library, target, { store: new MemoryStore() })).rejects.toThrow(
      new TargetError(refusal),
    );
    store.release();
    expect(await first).toMatchObject({ uploaded: OBJECTS + 1, failed: 0, cancelled: false });
    expect(store.keysOf('put')).toHaveLength(OBJECTS + 1);
  });

  it('names the other process when a live one is publishing to the same place', async () => {
    const target = targetFor('elsewhere');
    await publish(t.library, target, { store: new MemoryStore() });
    // Left running by the process that started this one (no start time recorded: the PID decides).
    t.library.db
      .prepare("UPDATE jobs SET state = 'running', pid = ?, pid_start = NULL WHERE id = ?")
      .run(process.ppid, lastRun(target).jobId);
    await expect(publish(t.library, target, { store: new MemoryStore() })).rejects.toThrow(
      `a publish to ${target.location} is already running (process ${process.ppid})`,
    );
  });

  it('sends and reports in key order, however the store orders its answers', async () => {
    const target = targetFor('order');
    const first = new MemoryStore();
    await publish(t.library, target, { store: first });
    const gone = first.keysOf('put').slice(0, 3).toSorted();
    const store = copyObjects(first, new ReversingStore(OBJECTS));
    for (const key of gone) store.objects.delete(key);
    // Every object is looked at at once, and the answers come last first.
    const report = await publish(t.library, target, { store, verify: true, concurrency: OBJECTS });
    expect(report.drift).toEqual(gone.map((key) => ({ key, found: 'missing' })));
    expect(report.uploadKeys).toEqual(gone);
    expect(store.keysOf('put')).toEqual(gone);
    expect(report).toMatchObject({ uploaded: 3, repaired: 3, unchanged: OBJECTS - 3 + 1 });
  });

  it('counts a look that fails as a failure: at an object, and at the manifest', async () => {
    const target = targetFor('look-fails');
    const first = new MemoryStore();
    await publish(t.library, target, { store: first });
    const key = first.keysOf('put')[0]!;
    const store = copyObjects(first, new MemoryStore());
    store.head = (k) =>
      k === key || k === MANIFEST_KEY
        ? Promise.reject(new StoreError(`cannot look at ${k}`, false))
        : Promise.resolve(store.objects.get(k) ?? null);
    const report = await publish(t.library, target, { store, verify: true });
    expect(report.errors).toEqual([
      { key, error: `cannot look at ${key}` },
      { key: MANIFEST_KEY, error: `cannot look at ${MANIFEST_KEY}` },
    ]);
    expect(report).toMatchObject({ failed: 2, uploaded: 0, drift: [] });
    expect(lastRun(target)).toMatchObject({ state: 'failed', failed: 2 });
  });

  it('with verify, looks at each object of a new place but not for a manifest it never sent', async () => {
    const store = new MemoryStore();
    const report = await publish(t.library, targetFor('verify-new'), { store, verify: true });
    expect(store.keysOf('head')).toHaveLength(OBJECTS);
    expect(store.keysOf('head')).not.toContain(MANIFEST_KEY);
    expect(report).toMatchObject({ uploaded: OBJECTS + 1, drift: [], failed: 0 });
  });

  it('puts the manifest up last, as JSON naming only the objects that went up', async () => {
    // One object is refused: the manifest must not send a site to it.
    let refused: string | undefined;
    const store = new MemoryStore((request) => {
      refused ??= request.key;
      if (request.key === refused) throw new StoreError('refused', false);
    });
    const report = await publish(t.library, targetFor('manifest'), { store });
    expect(report).toMatchObject({ uploaded: OBJECTS, failed: 1 });
    expect(store.keysOf('put').at(-1)).toBe(MANIFEST_KEY);
    const sent = store.requests.get(MANIFEST_KEY)!;
    expect(sent).toMatchObject({
      contentType: 'application/json',
      cacheControl: MANIFEST_CACHE_CONTROL,
    });
    const landed = store.keysOf('put').filter((k) => k !== refused && k !== MANIFEST_KEY);
    expect(manifestPaths(store)).toEqual(landed.toSorted());
    expect(landed).toHaveLength(OBJECTS - 1);
  });

  it('is not cancelled by an abort that comes once everything is sent', async () => {
    const target = targetFor('late-abort');
    const store = new MemoryStore();
    await publish(t.library, target, { store });
    const controller = new AbortController();
    // Nothing changed: the one step of the send is finding the manifest as it was.
    const report = await publish(t.library, target, {
      store,
      signal: controller.signal,
      onProgress: (_, phase) => phase === 'send' && controller.abort(),
    });
    expect(controller.signal.aborted).toBe(true);
    expect(report).toMatchObject({ cancelled: false, uploaded: 0, unchanged: OBJECTS + 1 });
    expect(lastRun(target).state).toBe('done');
  });

  it('closes the store it opened itself, and leaves one it was given open', async () => {
    const close = vi.spyOn(FolderStore.prototype, 'close');
    try {
      const target = targetFor('own-store');
      await publish(t.library, target);
      expect(close).toHaveBeenCalledTimes(1);
      await publish(t.library, target, { dryRun: true });
      expect(close).toHaveBeenCalledTimes(2);
      const given = await openStore(target);
      await publish(t.library, target, { store: given, verify: true });
      expect(close).toHaveBeenCalledTimes(2);
    } finally {
      close.mockRestore();
    }
  });
});
