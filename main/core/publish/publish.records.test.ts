import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recentJobs, startJob } from '../catalog/jobs.js';
import { publicationsAt, recordPublication } from '../catalog/publications.js';
import { insertPublishRun } from '../catalog/publish-runs.js';
import { publish, publishHistory } from './publish.js';
import { StoreError } from './stores/object-store.js';
import { resolveTarget, type Target } from './target.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import { MemoryStore } from './test-support/memory-store.js';

// One original, four derivatives: four objects and the manifest.
const OBJECTS = 4;

let t: TestLibrary;
beforeAll(async () => {
  t = await builtLibrary(['Landscape_1.jpg']);
});
afterAll(() => t.cleanup());
afterEach(() => vi.useRealTimers());

/** A target of its own per test: records and runs are kept per location. */
const targetFor = (name: string): Target => resolveTarget(t.library.db, path.join(t.dir, name));

/** Only `Date` is faked: the clock moves when a test says so, timers and I/O run as ever. */
const holdClock = () => vi.useFakeTimers({ toFake: ['Date'] });

describe('publish: what it records', () => {
  /**
   * Publishes one request at a time while the clock moves `step` ms per request; gives the
   * job row's `done` as each request landed, and the row at the end.
   */
  async function jobRowWhileSending(step: number) {
    const seen: number[] = [];
    const store = new MemoryStore(() => {
      seen.push(recentJobs(t.library.db, 1)[0]!.done);
      vi.setSystemTime(Date.now() + step);
    });
    holdClock();
    await publish(t.library, targetFor(`step-${step}`), { store, concurrency: 1 });
    return { seen, end: recentJobs(t.library.db, 1)[0]! };
  }

  it('saves the progress to its job row at most every 250 ms, and whole at the end', async () => {
    // 251 ms apart: each request is saved before the next lands.
    const apart = await jobRowWhileSending(251);
    expect(apart.seen).toEqual([0, 1, 2, 3, 4]);
    // 250 ms apart: a save waits for the next request (the first one is always saved).
    const close = await jobRowWhileSending(250);
    expect(close.seen).toEqual([0, 1, 1, 3, 3]);
    // No time at all: only the first one, then the end.
    const still = await jobRowWhileSending(0);
    expect(still.seen).toEqual([0, 1, 1, 1, 1]);
    for (const { end } of [apart, close, still]) {
      expect(end).toMatchObject({ state: 'done', done: OBJECTS + 1, total: OBJECTS + 1 });
    }
  });

  it('keeps the first 100 errors in its history; the report has them all', async () => {
    const target = targetFor('many-errors');
    // 101 objects recorded there that no longer belong, and a store that refuses to delete.
    for (let i = 0; i < 101; i++) {
      recordPublication(t.library.db, {
        location: target.location,
        key: `old/${String(i).padStart(3, '0')}.webp`,
        sha256: '0'.repeat(64),
        bytes: 1,
        content_type: 'image/webp',
      });
    }
    const store = new MemoryStore();
    store.delete = (key) => Promise.reject(new StoreError(`cannot delete ${key}`, false));
    const report = await publish(t.library, target, { store, delete: true });
    expect(report).toMatchObject({ uploaded: OBJECTS + 1, deleted: 0, failed: 101 });
    expect(report.errors).toHaveLength(101);
    const [run] = publishHistory(t.library, { target, limit: 1 });
    expect(run).toMatchObject({ state: 'failed', failed: 101 });
    expect(run!.errors).toEqual(report.errors.slice(0, 100));
  });

  it('lists the latest 50 runs unless asked for more', () => {
    const target = targetFor('many-runs');
    const ids = Array.from({ length: 51 }, () => {
      const jobId = startJob(t.library.db, 'publish', {}, 0);
      insertPublishRun(t.library.db, jobId, target.location, target.location);
      return jobId;
    });
    const latest = ids.toReversed();
    expect(publishHistory(t.library, { target }).map((r) => r.jobId)).toEqual(latest.slice(0, 50));
    expect(publishHistory(t.library, { target, limit: 60 }).map((r) => r.jobId)).toEqual(latest);
  });

  it('with verify, leaves the records of objects found as recorded as they were', async () => {
    const target = targetFor('verify-records');
    const store = new MemoryStore();
    holdClock();
    await publish(t.library, target, { store });
    const before = publicationsAt(t.library.db, target.location);
    expect(before.size).toBe(OBJECTS + 1);
    // A later day: a record written now would say so.
    vi.setSystemTime(Date.now() + 86_400_000);
    const report = await publish(t.library, target, { store, verify: true });
    expect(report).toMatchObject({ uploaded: 0, unchanged: OBJECTS + 1, drift: [] });
    expect(publicationsAt(t.library.db, target.location)).toEqual(before);
  });
});
