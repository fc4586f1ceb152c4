import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract/models.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { RenderProcesses, type Renderer } from '../imaging/render-process.js';
import { copyFixtures, makeTempDir } from '../test-support/fixtures.js';
import type { SecretStore } from './secret-store.js';
import type { ServiceHandle } from './service-host.js';
import { startServiceWorker } from './worker-service.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ServiceHandle;

beforeAll(async () => {
  tmp = await makeTempDir();
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_1.jpg', 'p3.png']);
  service = await startServiceWorker(path.join(tmp.dir, 'library'), { concurrency: 1 });
  service.on('jobProgress', (job) => {
    if (job.finishedAt) finishedJobs.set(job.id, job);
  });
});

afterAll(async () => {
  await service.close();
  await tmp.cleanup();
});

/** Originals recorded in the catalog, read through a connection of this thread. */
function originalsInCatalog(): number {
  const db = new Database(path.join(tmp.dir, 'library', 'catalog.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM originals').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Polls `done` with this thread blocked (no event loop turns) until it holds or time runs out. */
function blockUntil(done: () => boolean, timeoutMs: number): boolean {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done()) return true;
    Atomics.wait(nap, 0, 0, 20);
  }
  return done();
}

/** Jobs that finished, by id: their events may arrive before a test knows the id. */
const finishedJobs = new Map<number, JobView>();

/** Resolves with the job's final view, from the events the worker forwards. */
function finished(jobId: number): Promise<JobView> {
  return new Promise((resolve) => {
    const check = () => {
      const job = finishedJobs.get(jobId);
      if (!job) return false;
      resolve(job);
      return true;
    };
    if (check()) return;
    const stop = service.on('jobProgress', () => check() && stop());
  });
}

describe('the service in a worker thread', () => {
  it('runs operations off the calling thread and forwards events', async () => {
    const added = service.call('addSource', { path: path.join(tmp.dir, 'photos') });
    // This thread now stops cold, event loop and all: only a service on a thread of its own can
    // scan the folder meanwhile, and a connection of this thread sees its rows land.
    expect(
      blockUntil(() => originalsInCatalog() === 2, 30_000),
      'no scan progress while this thread was blocked',
    ).toBe(true);
    expect((await finished((await added).id)).state).toBe('done');
    await service.call('savePreset', { preset: { name: 'small', width: 64, formats: ['webp'] } });
    const generating = await service.call('generate');
    const done = await finished(generating.id);
    expect(done.progress).toMatchObject({ done: 2, total: 2 });
    const page = await service.call('listOriginals', {});
    expect(page.items.map((o) => o.state)).toEqual(['fresh', 'fresh']);
    const media = await service.media(page.items[0]!.derivatives[0]!.media!);
    expect(media?.contentType).toBe('image/webp');
  });

  it('answers errors as ThumbdeskErrors with their fields', async () => {
    const error = await service.call('getOriginal', { id: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThumbdeskError);
    expect((error as ThumbdeskError).issues.map((i) => i.path)).toEqual(['id']);
  });

  it('keeps typed secrets in the store of the host, asked across the thread', async () => {
    const kept = new Map<string, unknown>();
    const secrets: SecretStore = {
      support: async () => ({ accepted: true, note: 'weak store' }),
      save: async (ref, secret) => void kept.set(ref, secret),
      load: async () => undefined,
      remove: async (ref) => void kept.delete(ref),
    };
    const desktop = await startServiceWorker(path.join(tmp.dir, 'library'), {
      concurrency: 1,
      secrets,
    });
    try {
      expect((await desktop.call('listTargets')).secrets).toEqual({
        accepted: true,
        note: 'weak store',
      });
      const secret = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' };
      await desktop.call('addTarget', { name: 'bucket', destination: 's3://b-1/img', secret });
      expect(kept.get('target:bucket')).toEqual(secret);
      await desktop.call('removeTarget', { name: 'bucket' });
      expect(kept.size).toBe(0);
    } finally {
      await desktop.close();
    }
  });

  it("renders previews with the host's renderer (processes it can kill), closed with the service", async () => {
    const processes = new RenderProcesses(1);
    const asked: string[] = [];
    let closed = false;
    const renderer: Renderer = {
      render: (input, spec, options) => {
        asked.push(`${spec.format} in ${options.timeoutSeconds} s`);
        return processes.render(input, spec, options);
      },
      close: () => {
        closed = true;
        processes.close();
      },
    };
    const host = await startServiceWorker(path.join(tmp.dir, 'library'), {
      concurrency: 1,
      renderer,
    });
    try {
      const { items } = await host.call('listOriginals', {});
      const preset = { name: 'p', width: 32, formats: ['webp', 'jpeg'] };
      const preview = await host.call('preview', { preset, originalId: items[0]!.id, density: 1 });
      expect(preview.outputs.map((o) => [o.format, o.width])).toEqual([
        ['webp', 32],
        ['jpeg', 32],
      ]);
      expect(asked).toEqual(['webp in 30 s', 'jpeg in 30 s']);
    } finally {
      await host.close();
    }
    expect(closed).toBe(true);
  });

  it('fails calls at once once the worker is gone', async () => {
    const other = await startServiceWorker(path.join(tmp.dir, 'library'), { concurrency: 1 });
    await other.close();
    await expect(other.call('status')).rejects.toThrow(/worker stopped/);
  });
});
