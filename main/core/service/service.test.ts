import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract/models.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { Library } from '../library/library.js';
import { copyFixtures, makeTempDir } from '../test-support/fixtures.js';
import { ThumbdeskService } from './service.js';

const IMAGES = ['Landscape_1.jpg', 'Portrait_2.jpg', 'p3.png', 'truncated.jpg', 'still.webp'];
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;

beforeAll(async () => {
  tmp = await makeTempDir();
  await copyFixtures(path.join(tmp.dir, 'photos'), IMAGES);
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  const job = await service.call('addSource', { path: path.join(tmp.dir, 'photos') });
  expect(job.state).toMatch(/queued|running/);
  await service.jobs.idle();
});

afterAll(async () => {
  await service.shutdown();
  service.library.close();
  await tmp.cleanup();
});

describe('ThumbdeskService', () => {
  it('adds a source in the background and pages through its originals', async () => {
    const [done] = await service.call('jobs');
    expect(done).toMatchObject({ kind: 'addSource', state: 'done' });
    expect(done!.summary).toMatch(/^5 added/);
    // The scan reported each file it examined.
    expect(done!.progress).toMatchObject({ done: 5, total: 5 });
    const first = await service.call('listOriginals', { limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((o) => o.path)).toEqual(['Landscape_1.jpg', 'Portrait_2.jpg']);
    const rest = await service.call('listOriginals', { offset: 2, limit: 10 });
    expect(rest.items.map((o) => o.path)).toEqual(['p3.png', 'still.webp', 'truncated.jpg']);
    const failed = await service.call('listOriginals', { state: 'failed' });
    expect(failed.items.map((o) => o.path)).toEqual(['truncated.jpg']);
    expect((await service.call('listOriginals', { search: 'PORT' })).total).toBe(1);
    await service.call('scan', {});
    await service.jobs.idle();
    expect((await service.call('jobs'))[0]).toMatchObject({ kind: 'scan', state: 'done' });
    expect((await service.call('jobs'))[0]!.summary).toMatch(/^0 added, 0 changed, 0 removed/);
    const unknown = await service.call('scan', { source: 'nope' }).catch((e: unknown) => e);
    expect((unknown as ThumbdeskError).code).toBe('not-found');
  });

  it('previews an unsaved preset with the engine, per format', async () => {
    const [original] = (await service.call('listOriginals', { search: 'Landscape_1' })).items;
    const preview = await service.call('preview', {
      originalId: original!.id,
      preset: { name: 'card', width: 200, height: 100, fit: 'cover', formats: ['webp', 'jpeg'] },
    });
    expect(preview.outputs.map((o) => [o.format, o.width, o.height])).toEqual([
      ['webp', 200, 100],
      ['jpeg', 200, 100],
    ]);
    expect(preview.outputs[0]!.dataUri).toMatch(/^data:image\/webp;base64,UklGR/);
    expect(preview.outputs[0]!.bytes).toBeGreaterThan(100);
  });

  it('counts what a save will rebuild, saves, and names bad fields', async () => {
    const preset = { name: 'small', width: 120, formats: ['webp', 'jpeg'] as const };
    // Four readable originals × two formats.
    expect(await service.call('rebuildCount', { preset })).toMatchObject({
      change: 'added',
      rebuild: 8,
    });
    expect(await service.call('savePreset', { preset })).toMatchObject({ rebuild: 8 });
    // The four readable originals now miss their derivatives of this preset; the truncated one
    // has none to miss.
    const missing = await service.call('listOriginals', { preset: 'small', state: 'missing' });
    expect(missing.total).toBe(4);
    expect((await service.call('listOriginals', { preset: 'small', state: 'fresh' })).total).toBe(
      0,
    );
    expect(await service.call('rebuildCount', { preset })).toMatchObject({ rebuild: 0 });
    const error = await service
      .call('savePreset', { preset: { name: 'Bad Name', width: 0 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThumbdeskError);
    expect((error as ThumbdeskError).code).toBe('invalid-input');
    expect((error as ThumbdeskError).issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['preset.name', 'preset.width']),
    );
  });

  it('generates in the background with progress events, and cancels', async () => {
    const seen: JobView[] = [];
    const stop = service.on('jobProgress', (job) => seen.push(job));
    const first = await service.call('generate', {});
    const second = await service.call('generate', {});
    expect(await service.call('cancel', { jobId: second.id })).toEqual({ cancelled: true });
    await service.jobs.idle();
    stop();
    const states = (id: number) => seen.filter((j) => j.id === id).map((j) => j.state);
    expect(states(first.id)).toEqual(expect.arrayContaining(['queued', 'running', 'done']));
    expect(states(second.id)).toEqual(['queued', 'cancelled']);
    const last = seen.filter((j) => j.id === first.id).at(-1)!;
    expect(last.progress).toMatchObject({ done: 8, total: 8 });
    expect((await service.call('status')).derivatives.fresh).toBe(8);
    expect(await service.call('cancel', { jobId: first.id })).toEqual({ cancelled: false });
  });

  it('cancels a running generate', async () => {
    await service.call('savePreset', { preset: { name: 'big', width: 600, formats: ['avif'] } });
    const job = await service.call('generate', { presets: ['big'] });
    await service.call('cancel', { jobId: job.id });
    await service.jobs.idle();
    const [latest] = await service.call('jobs');
    expect(latest).toMatchObject({ id: job.id, state: 'cancelled' });
    expect((await service.call('status')).derivatives.fresh).toBeLessThan(12);
  });

  it('resolves media to library files only', async () => {
    const [original] = (await service.call('listOriginals', { search: 'Landscape_1' })).items;
    const built = original!.derivatives.find((d) => d.media)!;
    expect((await service.media(built.media!))?.contentType).toMatch(/^image\//);
    expect((await service.media(original!.media))?.file).toMatch(/Landscape_1\.jpg$/);
    const thumb = await service.media(original!.thumb);
    expect(thumb?.file.startsWith(path.join(service.library.dir, 'thumbs'))).toBe(true);
    expect(await service.media('derivative/../catalog.sqlite')).toBeUndefined();
    // An original no browser shows is answered as a WebP rendition of it.
    await copyFixtures(path.join(tmp.dir, 'more'), ['rgb16-wide-gamut.tiff']);
    await service.call('addSource', { path: path.join(tmp.dir, 'more') });
    await service.jobs.idle();
    const [tiff] = (await service.call('listOriginals', { search: 'wide-gamut' })).items;
    expect((await service.media(tiff!.media))?.contentType).toBe('image/webp');
    expect(await service.media('original/999999')).toBeUndefined();
    // A link in the cache that leads out of it is refused too.
    await mkdir(path.join(service.library.cacheDir, 'ee'), { recursive: true });
    await writeFile(path.join(tmp.dir, 'secret.png'), 'secret');
    await symlink(
      path.join(tmp.dir, 'secret.png'),
      path.join(service.library.cacheDir, 'ee', 'eeeeeeeeeeeeeeee.png'),
    );
    expect(await service.media('derivative/ee/eeeeeeeeeeeeeeee.png')).toBeUndefined();
  });

  it('sweeps the renditions of content that is gone when collecting garbage', async () => {
    const [portrait] = (await service.call('listOriginals', { search: 'Portrait_2' })).items;
    const thumb = (await service.media(portrait!.thumb))!.file;
    await readFile(thumb);
    // Other bytes under the same name: the old content's thumbnail belongs to nothing now.
    await copyFixtures(path.join(tmp.dir, 'photos'), [['Landscape_2.jpg', 'Portrait_2.jpg']]);
    await service.call('scan', {});
    await service.jobs.idle();
    const report = await service.call('gc');
    expect(report.files).toBeGreaterThanOrEqual(1);
    await expect(readFile(thumb)).rejects.toThrow(/ENOENT/);
    const [changed] = (await service.call('listOriginals', { search: 'Portrait_2' })).items;
    expect((await service.media(changed!.thumb))?.file).not.toBe(thumb);
  });

  it('sets a focal point and answers the detail', async () => {
    const [original] = (await service.call('listOriginals', { search: 'p3' })).items;
    const detail = await service.call('setFocalPoint', { id: original!.id, x: 0.25, y: 0.75 });
    expect(detail.focal).toEqual({ x: 0.25, y: 0.75 });
    expect(detail.space).toBeTruthy();
    const missing = await service.call('getOriginal', { id: 424242 }).catch((e: unknown) => e);
    expect((missing as ThumbdeskError).code).toBe('not-found');
  });

  it('excludes originals from the grid and includes them again, announcing the change', async () => {
    const [original] = (await service.call('listOriginals', { search: 'p3' })).items;
    const id = original!.id;
    const before = await service.call('listOriginals', {});
    const changes: unknown[] = [];
    const stop = service.on('catalogChanged', (change) => changes.push(change));
    expect(await service.call('setExcluded', { ids: [id], excluded: true })).toEqual({
      excluded: true,
      changed: 1,
    });
    expect(await service.call('setExcluded', { ids: [id], excluded: true })).toEqual({
      excluded: true,
      changed: 0,
    });
    stop();
    expect(changes[0]).toEqual({ what: ['originals', 'derivatives'], originalIds: [id] });
    // Hidden from every state but its own, and counted apart.
    expect((await service.call('listOriginals', {})).total).toBe(before.total - 1);
    expect((await service.call('listOriginals', { search: 'p3' })).total).toBe(0);
    const excluded = await service.call('listOriginals', { state: 'excluded' });
    expect(excluded.items.map((o) => [o.path, o.state, o.derivatives])).toEqual([
      ['p3.png', 'excluded', []],
    ]);
    expect((await service.call('getOriginal', { id })).state).toBe('excluded');
    expect((await service.call('status')).originals.excluded).toBe(1);

    await service.call('setExcluded', { ids: [id], excluded: false });
    expect((await service.call('listOriginals', {})).total).toBe(before.total);
    expect((await service.call('getOriginal', { id })).state).not.toBe('excluded');
    const unknown = await service
      .call('setExcluded', { ids: [424242], excluded: true })
      .catch((e: unknown) => e);
    expect((unknown as ThumbdeskError).code).toBe('not-found');
  });

  it('sends placeholders as data URIs and media paths versioned by content', async () => {
    const [original] = (await service.call('listOriginals', { search: 'Landscape_1' })).items;
    expect(original!.placeholder).toMatch(/^data:image\/png;base64,/);
    const version = `?v=${original!.hash!.slice(0, 16)}`;
    expect(original!.thumb).toBe(`thumb/${original!.id}${version}`);
    expect(original!.media).toBe(`original/${original!.id}${version}`);
  });

  it('removes a source from the catalog and leaves its files alone', async () => {
    const before = await service.call('status');
    const removed = await service.call('removeSource', { name: 'more' });
    expect(removed).toEqual({ name: 'more', originals: 1 });
    expect((await service.call('listSources')).map((s) => s.name)).toEqual(['photos']);
    expect((await service.call('status')).originals.total).toBe(before.originals.total - 1);
    await expect(readdir(path.join(tmp.dir, 'more'))).resolves.toEqual(['rgb16-wide-gamut.tiff']);
    const again = await service.call('removeSource', { name: 'more' }).catch((e: unknown) => e);
    expect((again as ThumbdeskError).code).toBe('not-found');
  });
});

describe('errors shown to clients', () => {
  it('name files from their source or library folder, never by the machine path', async () => {
    const own = await makeTempDir();
    const photos = path.join(own.dir, 'photos');
    await copyFixtures(photos, ['Landscape_1.jpg', 'p3.png']);
    const library = Library.open(path.join(own.dir, 'library'), { concurrency: 1 });
    const svc = new ThumbdeskService(library);
    try {
      await svc.call('addSource', { path: photos });
      await svc.jobs.idle();
      await svc.call('savePreset', { preset: { name: 'small', width: 64, formats: ['webp'] } });
      await rm(path.join(photos, 'p3.png'));
      await svc.call('generate', {});
      await svc.jobs.idle();
      const [failure] = await svc.call('errors');
      expect(failure?.error).toBe(
        "original cannot be read: ENOENT: no such file or directory, open 'photos/p3.png'",
      );
      const job = await svc.call('addSource', { path: path.join(own.dir, 'nowhere') });
      await svc.jobs.idle();
      const failed = (await svc.call('jobs')).find((j) => j.id === job.id);
      expect(failed?.state).toBe('failed');
      expect(failed?.error).toMatch(/nowhere/);
      const texts = JSON.stringify([await svc.call('errors'), await svc.call('jobs')]);
      expect(texts).not.toContain(own.dir);
    } finally {
      await svc.shutdown();
      library.close();
      await own.cleanup();
    }
  });
});
