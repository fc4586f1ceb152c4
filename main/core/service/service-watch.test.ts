import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { CatalogChange } from '../../../shared/contract/events.js';
import { Library } from '../library/library.js';
import { copyFixtures, fixture, makeTempDir } from '../test-support/fixtures.js';
import { until } from '../test-support/poll.js';
import { ThumbdeskService } from './service.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let service: ThumbdeskService | undefined;
afterEach(async () => {
  await service?.shutdown();
  service?.library.close();
  service = undefined;
  await tmp?.cleanup();
  tmp = undefined;
});

it('watch mode: once on, a new file is rebuilt as a job and announced; off stops it', async () => {
  tmp = await makeTempDir();
  const photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, ['Landscape_1.jpg']);
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  await service.call('savePreset', { preset: { name: 't', width: 48, formats: ['webp'] } });
  await service.call('addSource', { path: photos });
  await service.jobs.idle();
  const changes: CatalogChange[] = [];
  service.on('catalogChanged', (change) => changes.push(change));

  expect(await service.call('watch')).toEqual({ on: false });
  expect(await service.call('watch', { on: true })).toEqual({ on: true });
  expect(await service.call('watch', { on: true })).toEqual({ on: true });
  await copyFile(fixture('Portrait_1.jpg'), path.join(photos, 'new.jpg'));
  const library = service.library;
  await until('the new file built', () =>
    library
      .list()
      .find((o) => o.path === 'new.jpg')
      ?.derivatives.every((d) => d.state === 'fresh'),
  );
  await until('the rebuild announced', () =>
    changes.some((c) => c.what.includes('originals') && c.what.includes('derivatives')),
  );
  const jobs = await service.call('jobs');
  expect(jobs.find((j) => j.kind === 'watch' && j.state === 'done')?.summary).toMatch(
    /new or changed, \d+ built, 0 failed$/,
  );

  // A rebuild waits for the job before it (a Generate, say) instead of running beside it.
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  service.jobs.enqueue('generate', 'Held', async () => {
    await gate;
    return 'released';
  });
  await copyFile(fixture('Portrait_2.jpg'), path.join(photos, 'later.jpg'));
  await until('a rebuild queued behind it', () =>
    service!.jobs.list().some((j) => j.kind === 'watch' && j.state === 'queued'),
  );
  expect(library.list().find((o) => o.path === 'later.jpg')).toBeUndefined();
  release();
  await until('the later file built', () =>
    library
      .list()
      .find((o) => o.path === 'later.jpg')
      ?.derivatives.every((d) => d.state === 'fresh'),
  );
  expect(await service.call('watch', { on: false })).toEqual({ on: false });
  expect(await service.call('watch')).toEqual({ on: false });
});
