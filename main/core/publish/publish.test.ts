import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationsAt } from '../catalog/publications.js';
import { MANIFEST_KEY } from './manifest.js';
import { publish, publishHistory } from './publish.js';
import { resolveTarget, type Target } from './target.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import { MemoryStore } from './test-support/memory-store.js';
import { StoreError } from './stores/object-store.js';

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
    expect(lastRun(target).state).toBe('cancelled');
    const landed = cancelling.keysOf('put')[2]!;
    expect(publicationsAt(t.library.db, target.location).has(landed)).toBe(false);

    const store = new MemoryStore();
    for (const [key, object] of cancelling.objects) store.objects.set(key, object);
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
    expect(second).toMatchObject({ uploaded: OBJECTS - 2, unchanged: 3, failed: 0 });
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

      const store = new MemoryStore();
      for (const [key, object] of failing.objects) store.objects.set(key, object);
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
});
