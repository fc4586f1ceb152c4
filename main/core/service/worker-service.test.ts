import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract/models.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
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
});

afterAll(async () => {
  await service.close();
  await tmp.cleanup();
});

/** Resolves with the job's final view, from the events the worker forwards. */
function finished(jobId: number): Promise<JobView> {
  return new Promise((resolve) => {
    const stop = service.on('jobProgress', (job) => {
      if (job.id === jobId && job.finishedAt) {
        stop();
        resolve(job);
      }
    });
  });
}

describe('the service in a worker thread', () => {
  it('runs operations off the calling thread and forwards events', async () => {
    expect(isMainThread).toBe(true);
    const added = await service.call('addSource', { path: path.join(tmp.dir, 'photos') });
    expect((await finished(added.id)).state).toBe('done');
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

  it('fails calls at once once the worker is gone', async () => {
    const other = await startServiceWorker(path.join(tmp.dir, 'library'), { concurrency: 1 });
    await other.close();
    await expect(other.call('status')).rejects.toThrow(/worker stopped/);
  });
});
