import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { copyFixtures, fixture, makeTempDir } from '../test-support/fixtures.js';
import { CatalogChanges } from './catalog-changes.js';
import { originalKey, presetKey } from './surrogate-keys.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let photos: string;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-catalog-changes-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [
    ['Landscape_5.jpg', 'a.jpg'],
    ['Portrait_1.jpg', 'b.jpg'],
    ['flowers.jpeg', 'c.jpg'],
    ['concert.jpg', 'd.jpg'],
  ]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(photos);
  library.savePreset({ name: 'thumb', width: 100, formats: ['webp'], densities: [1] });
  library.savePreset({ name: 'card', width: 300, formats: ['webp'], densities: [1] });
});

afterAll(async () => {
  library?.close();
  await tmp?.cleanup();
});

it('names exactly the originals and presets whose answers changed', async () => {
  const changes = new CatalogChanges(library.db);
  const source = library.sources()[0]!;
  const key = (file: string) => originalKey(source.id, file);
  const idOf = (file: string) => library.originalIds([`${path.basename(photos)}/${file}`])[0]!;
  expect(changes.staleKeys()).toEqual([]);

  // New bytes: a's key, though its path (and key) stay the same.
  await copyFile(fixture('Landscape_1.jpg'), path.join(photos, 'a.jpg'));
  await library.rescan(source, ['a.jpg']);
  expect(changes.staleKeys()).toEqual([key('a.jpg')]);

  library.setFocalPoint(idOf('b.jpg'), 0.2, 0.8);
  expect(changes.staleKeys()).toEqual([key('b.jpg')]);

  library.exclude([idOf('c.jpg')]);
  expect(changes.staleKeys()).toEqual([key('c.jpg')]);

  await rm(path.join(photos, 'd.jpg'));
  await library.rescan(source, ['d.jpg']);
  expect(changes.staleKeys()).toEqual([key('d.jpg')]);

  library.savePreset({ name: 'thumb', width: 120, formats: ['webp'], densities: [1] });
  library.deletePreset('card');
  expect(changes.staleKeys().sort()).toEqual([presetKey('card'), presetKey('thumb')].sort());

  // A file added, a preset added: nothing could have cached them.
  await copyFixtures(photos, [['Portrait_1.jpg', 'new.jpg']]);
  await library.rescan(source, ['new.jpg']);
  library.savePreset({ name: 'hero', width: 1200, formats: ['webp'], densities: [1] });
  expect(changes.staleKeys()).toEqual([]);
});
