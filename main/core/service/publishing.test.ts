import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract/models.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { Library } from '../library/library.js';
import { copyFixtures, makeTempDir } from '../test-support/fixtures.js';
import { NO_SECRET_STORE, type S3Secret, type SecretStore } from './secret-store.js';
import { ThumbdeskService } from './service.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;

/** A secret store in memory, as the desktop's would be behind safeStorage. */
class MemorySecrets implements SecretStore {
  readonly kept = new Map<string, S3Secret>();
  support = async () => ({ accepted: true, note: null });
  save = async (ref: string, secret: S3Secret) => void this.kept.set(ref, secret);
  load = async (ref: string) => this.kept.get(ref);
  remove = async (ref: string) => void this.kept.delete(ref);
}

beforeAll(async () => {
  tmp = await makeTempDir();
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_1.jpg', 'p3.png']);
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  await service.call('addSource', { path: path.join(tmp.dir, 'photos') });
  await service.call('savePreset', {
    preset: { name: 'small', width: 64, formats: ['webp', 'jpeg'] },
  });
  await service.jobs.idle();
});

afterAll(async () => {
  await service.shutdown();
  service.library.close();
  await tmp.cleanup();
});

describe('publishing through the service', () => {
  it('plans, publishes a folder target as a job with phases, and then has nothing to do', async () => {
    const folder = path.join(tmp.dir, 'public');
    const target = await service.call('addTarget', { name: 'site', destination: folder });
    expect(target).toMatchObject({ name: 'site', kind: 'folder', location: folder });
    expect((await service.call('listTargets')).targets.map((t) => t.name)).toEqual(['site']);

    // Nothing is built yet: four derivatives wait, only the (empty) manifest would go up.
    expect(await service.call('publishPlan', { target: 'site' })).toMatchObject({
      uploads: 1,
      waiting: 4,
    });
    await service.call('generate');
    await service.jobs.idle();
    const plan = await service.call('publishPlan', { target: 'site' });
    expect(plan).toMatchObject({ uploads: 5, unchanged: 0, deletes: 0, waiting: 0, failed: 0 });
    expect(plan.uploadKeys).toContain('thumbdesk.json');
    expect(plan.uploadKeys).toContain('small/photos/Landscape_1.webp');
    // A plan sends nothing.
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);

    const seen: JobView[] = [];
    const stop = service.on('jobProgress', (job) => seen.push(job));
    const job = await service.call('publish', { target: 'site' });
    expect(job).toMatchObject({ kind: 'publish', label: 'Publish to site' });
    await service.jobs.idle();
    stop();
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'done', phase: 'send', progress: { done: 5, total: 5 } });
    expect(last.summary).toMatch(/^5 uploaded \(.+\), 0 unchanged, 0 deleted$/);
    const manifest = JSON.parse(await readFile(path.join(folder, 'thumbdesk.json'), 'utf8')) as {
      originals: Record<string, unknown>;
    };
    expect(Object.keys(manifest.originals).sort()).toEqual([
      'photos/Landscape_1.jpg',
      'photos/p3.png',
    ]);
    await expect(readdir(path.join(folder, 'small', 'photos'))).resolves.toHaveLength(4);

    expect(await service.call('publishPlan', { target: 'site' })).toMatchObject({
      uploads: 0,
      unchanged: 5,
      bytes: 0,
    });
    const [run] = await service.call('publishHistory', { target: 'site' });
    expect(run).toMatchObject({ state: 'done', uploaded: 5, failed: 0, errors: [] });
  });

  it('refuses a typed secret where the host keeps none', async () => {
    expect((await service.call('listTargets')).secrets).toEqual(NO_SECRET_STORE);
    const refused = await service
      .call('addTarget', {
        name: 'bucket',
        destination: 's3://site-assets/img',
        secret: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' },
      })
      .catch((e: unknown) => e);
    expect((refused as ThumbdeskError).code).toBe('refused');
    expect((refused as ThumbdeskError).message).toMatch(/standard AWS sources/);
    expect((await service.call('listTargets')).targets.map((t) => t.name)).toEqual(['site']);
  });

  it('keeps a typed secret in the host store, never in the catalog, and forgets it with its target', async () => {
    const secrets = new MemorySecrets();
    const desktop = new ThumbdeskService(service.library, secrets);
    const secret = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' };
    const target = await desktop.call('addTarget', {
      name: 'bucket',
      destination: 's3://site-assets/img',
      endpoint: 'http://127.0.0.1:9',
      pathStyle: true,
      secret,
    });
    expect(target).toMatchObject({ kind: 's3', pathStyle: true, storedSecret: true });
    expect(secrets.kept.get('target:bucket')).toEqual(secret);
    const rows = service.library.db.prepare('SELECT * FROM targets').all();
    expect(JSON.stringify(rows)).not.toContain(secret.secretAccessKey);
    expect(JSON.stringify(rows)).not.toContain(secret.accessKeyId);
    // The browser host cannot publish with the desktop's key, and says so.
    const elsewhere = await service
      .call('publishPlan', { target: 'bucket' })
      .catch((e: unknown) => e);
    expect((elsewhere as ThumbdeskError).message).toMatch(/kept by the desktop app/);
    await desktop.call('removeTarget', { name: 'bucket' });
    expect(secrets.kept.size).toBe(0);
    const gone = await desktop.call('removeTarget', { name: 'bucket' }).catch((e: unknown) => e);
    expect((gone as ThumbdeskError).code).toBe('not-found');
  });
});
