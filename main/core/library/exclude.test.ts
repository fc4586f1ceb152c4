import { copyFile, readdir, readFile, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { MANIFEST_KEY, type Manifest } from '../publish/manifest.js';
import { publish } from '../publish/publish.js';
import { resolveTarget } from '../publish/target.js';
import { fixture } from '../test-support/fixtures.js';
import { byPath, tempLibrary, type TempLibrary } from '../test-support/library.js';

const PRESETS = parsePresetFile({
  presets: [{ name: 'thumb', width: 80, height: 80, fit: 'cover', formats: ['webp', 'jpeg'] }],
});

let t: TempLibrary;

function original(relPath: string) {
  return byPath(t.library.list()).get(relPath)!;
}

function idOf(relPath: string): number {
  return t.library.originalIds([`originals/${relPath}`])[0]!;
}

beforeEach(async () => {
  t = await tempLibrary([
    'Landscape_1.jpg',
    'Portrait_1.jpg',
    // The same bytes as Landscape_1: its derivatives share cache files with it.
    ['Landscape_1.jpg', 'copy.jpg'],
  ]);
  await t.library.addSource(t.sourceDir);
  t.library.importPresets(PRESETS);
  expect(await t.library.generate()).toMatchObject({ built: 6, failed: 0 });
});

afterEach(async () => {
  try {
    expect(t.library.db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    await t.cleanup();
  }
});

describe('excluding an original from the library', () => {
  it('drops its slots, so gc deletes its files; a rescan keeps it excluded; include rebuilds', async () => {
    const portrait = idOf('Portrait_1.jpg');
    const files = original('Portrait_1.jpg').derivatives.map((d) => d.file!);
    expect(files).toHaveLength(2);

    expect(t.library.exclude([portrait])).toEqual([portrait]);
    expect(t.library.exclude([portrait]), 'idempotent').toEqual([]);
    expect(original('Portrait_1.jpg')).toMatchObject({ excluded: true, derivatives: [] });
    expect(t.library.status()).toMatchObject({
      originals: { total: 2, failed: 0, excluded: 1 },
      derivatives: { total: 4, fresh: 4, orphaned: 2 },
    });
    expect(await t.library.generate(), 'nothing to build for it').toMatchObject({ total: 0 });

    expect(await t.library.gc()).toMatchObject({ rows: 2, files: 2 });
    for (const file of files) expect(existsSync(file), file).toBe(false);
    expect(t.library.status().derivatives.orphaned).toBe(0);

    // Rescans, of a touched file and of changed bytes, upsert its row and keep the mark.
    const file = path.join(t.sourceDir, 'Portrait_1.jpg');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect((await t.library.scan())[0]).toMatchObject({ touched: 1 });
    await copyFile(fixture('Portrait_2.jpg'), file);
    await utimes(file, new Date(), new Date(Date.now() + 10_000));
    expect((await t.library.scan())[0]).toMatchObject({ changed: 1 });
    expect(original('Portrait_1.jpg')).toMatchObject({ excluded: true, derivatives: [] });
    expect(idOf('Portrait_1.jpg')).toBe(portrait);

    expect(t.library.include([portrait])).toEqual([portrait]);
    expect(t.library.include([portrait]), 'idempotent').toEqual([]);
    const back = original('Portrait_1.jpg');
    expect(back.excluded).toBe(false);
    expect(back.derivatives.map((d) => d.state)).toEqual(['missing', 'missing']);
    expect(await t.library.generate()).toMatchObject({ built: 2, failed: 0 });
    expect(original('Portrait_1.jpg').derivatives.map((d) => d.state)).toEqual(['fresh', 'fresh']);
  });

  it('comes back fresh when included before gc, and leaves files other originals still name', async () => {
    const copy = idOf('copy.jpg');
    const files = original('copy.jpg').derivatives.map((d) => d.file!);
    t.library.exclude([copy]);
    t.library.include([copy]);
    expect(original('copy.jpg').derivatives.map((d) => d.state)).toEqual(['fresh', 'fresh']);

    t.library.exclude([copy]);
    expect(await t.library.gc()).toMatchObject({ rows: 2, files: 0 });
    for (const file of files) expect(existsSync(file), file).toBe(true);
    expect(original('Landscape_1.jpg').derivatives.map((d) => d.state)).toEqual(['fresh', 'fresh']);
  });

  it('leaves the publish plan and the manifest; --delete removes what was published of it', async () => {
    const out = path.join(t.libraryDir, '..', 'public');
    const target = resolveTarget(t.library.db, out);
    expect(await publish(t.library, target)).toMatchObject({ uploaded: 7, failed: 0 });
    const published = async () =>
      (await readdir(out, { recursive: true })).filter((f) => f.includes('Portrait_1'));
    expect(await published()).toHaveLength(2);

    t.library.exclude([idOf('Portrait_1.jpg')]);
    const kept = await publish(t.library, target);
    // Only the manifest changes; without --delete the old objects stay where they are.
    expect(kept).toMatchObject({ uploaded: 1, deleted: 0 });
    expect(kept.strayKeys).toHaveLength(2);
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST_KEY), 'utf8')) as Manifest;
    expect(Object.keys(manifest.originals).sort()).toEqual([
      'originals/Landscape_1.jpg',
      'originals/copy.jpg',
    ]);
    expect(await publish(t.library, target, { delete: true })).toMatchObject({
      uploaded: 0,
      deleted: 2,
      failed: 0,
    });
    expect(await published()).toEqual([]);
  });

  it('names the originals it cannot find, and changes nothing then', () => {
    expect(() => t.library.originalIds(['originals/nope.jpg', 'originals', 'x/copy.jpg'])).toThrow(
      /^no original "originals\/nope.jpg", "originals", "x\/copy.jpg" in the library/,
    );
    const copy = idOf('copy.jpg');
    expect(() => t.library.exclude([copy, 9999])).toThrow(/^no original with id 9999$/);
    expect(original('copy.jpg').excluded).toBe(false);
  });

  it('leaves errors and the failed count: an excluded original stops nothing', async () => {
    await copyFile(fixture('truncated.jpg'), path.join(t.sourceDir, 'broken.jpg'));
    await t.library.scan();
    expect(t.library.status().originals).toEqual({ total: 4, failed: 1, excluded: 0 });
    t.library.exclude([idOf('broken.jpg')]);
    expect(t.library.status().originals).toEqual({ total: 3, failed: 0, excluded: 1 });
    expect(t.library.errors()).toEqual([]);
  });
});
