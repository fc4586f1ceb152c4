import { copyFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { thumbHashToApproximateAspectRatio } from 'thumbhash';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresetInput } from '../../../shared/preset.js';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { fixture } from '../test-support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

const THUMB: PresetInput = {
  name: 'thumb',
  width: 120,
  height: 120,
  fit: 'cover',
  formats: ['webp', 'jpeg'],
  quality: { webp: 70, jpeg: 80 },
};
const WIDE: PresetInput = { name: 'wide', width: 300, formats: ['jpeg'] };
const FOCUS: PresetInput = {
  name: 'focus',
  width: 100,
  height: 100,
  fit: 'cover',
  position: 'focal',
  formats: ['jpeg'],
};

let t: TempLibrary;

/** Every planned slot as `path preset format@density` → state. */
function states(): Map<string, string> {
  const map = new Map<string, string>();
  for (const o of t.library.list()) {
    for (const d of o.derivatives)
      map.set(`${o.path} ${d.preset} ${d.format}@${d.density}`, d.state);
  }
  return map;
}

/** The slots that are not fresh. */
function notFresh(): string[] {
  return [...states()].filter(([, s]) => s !== 'fresh').map(([slot, s]) => `${slot}: ${s}`);
}

function rowCount(where: string): number {
  return (
    t.library.db.prepare(`SELECT count(*) AS n FROM derivatives WHERE ${where}`).get() as {
      n: number;
    }
  ).n;
}

function filesOf(relPath: string): string[] {
  const original = t.library.list().find((o) => o.path === relPath);
  return (original?.derivatives ?? []).map((d) => d.file!);
}

beforeEach(async () => {
  t = await tempLibrary([
    'Landscape_1.jpg',
    'Portrait_1.jpg',
    'concert.jpg',
    // The same bytes under another name: its derivatives share cache files with Landscape_1.
    ['Landscape_1.jpg', 'copy-of-landscape.jpg'],
  ]);
  await t.library.addSource(t.sourceDir);
  t.library.importPresets(parsePresetFile({ presets: [THUMB, WIDE, FOCUS] }));
  const report = await t.library.generate();
  expect(report).toMatchObject({ failed: 0, built: 4 * 4 });
  expect(notFresh()).toEqual([]);
});

afterEach(async () => {
  try {
    expect(t.library.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(t.library.db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    await t.cleanup();
  }
});

describe('invalidation', () => {
  it('an original whose bytes changed makes exactly its own derivatives stale', async () => {
    await copyFile(fixture('Portrait_2.jpg'), path.join(t.sourceDir, 'Portrait_1.jpg'));
    const [report] = await t.library.scan();
    expect(report).toMatchObject({ changed: 1, touched: 0 });
    expect(notFresh().sort()).toEqual([
      'Portrait_1.jpg focus jpeg@1: stale',
      'Portrait_1.jpg thumb jpeg@1: stale',
      'Portrait_1.jpg thumb webp@1: stale',
      'Portrait_1.jpg wide jpeg@1: stale',
    ]);
    const oldFiles = filesOf('Portrait_1.jpg');
    const placeholderOf = (p: string) => t.library.list().find((o) => o.path === p)!.placeholder;
    const oldPlaceholder = placeholderOf('Portrait_1.jpg');
    expect(await t.library.generate()).toMatchObject({ built: 4, failed: 0 });
    // Its placeholder follows its bytes: a ThumbHash of the new picture, in portrait shape.
    const placeholder = placeholderOf('Portrait_1.jpg')!;
    expect(placeholder).not.toBe(oldPlaceholder);
    const ratio = thumbHashToApproximateAspectRatio(Buffer.from(placeholder, 'base64'));
    expect(ratio).toBeCloseTo(450 / 600, 1);
    expect(notFresh()).toEqual([]);
    // The files of the old bytes went with them; no other original shared them.
    expect(oldFiles.filter((f) => existsSync(f))).toEqual([]);
  });

  it('an original touched with the same bytes makes nothing stale', async () => {
    const file = path.join(t.sourceDir, 'Portrait_1.jpg');
    const later = new Date((await stat(file)).mtimeMs + 60_000);
    await utimes(file, later, later);
    const [report] = await t.library.scan();
    expect(report).toMatchObject({ touched: 1, changed: 0 });
    expect(notFresh()).toEqual([]);
    // The new mtime is remembered: the next scan does not read the file again.
    const [again] = await t.library.scan();
    expect(again).toMatchObject({ touched: 0, unchanged: 4 });
  });

  it('a preset whose recipe changed makes only its own, affected derivatives stale', async () => {
    // Only the WebP quality: the JPEG variants of the same preset keep their bytes.
    expect(t.library.savePreset({ ...THUMB, quality: { webp: 50, jpeg: 80 } })).toEqual({
      name: 'thumb',
      change: 'changed',
    });
    expect(notFresh().sort()).toEqual(
      ['Landscape_1.jpg', 'Portrait_1.jpg', 'concert.jpg', 'copy-of-landscape.jpg'].map(
        (p) => `${p} thumb webp@1: stale`,
      ),
    );
    await t.library.generate();
    // A new size changes every format of that preset, and nothing of the others.
    t.library.savePreset({ ...THUMB, quality: { webp: 50, jpeg: 80 }, width: 140 });
    const stale = notFresh();
    expect(stale).toHaveLength(8);
    expect(stale.every((s) => s.includes(' thumb '))).toBe(true);
  });

  it('a renamed preset or a new label makes nothing stale', async () => {
    expect(t.library.savePreset({ ...THUMB, name: 'small' }, 'thumb')).toEqual({
      name: 'small',
      change: 'renamed',
    });
    expect(notFresh()).toEqual([]);
    expect([...states().keys()].filter((k) => k.includes(' thumb '))).toEqual([]);
    expect([...states().keys()].filter((k) => k.includes(' small '))).toHaveLength(8);
    expect(t.library.savePreset({ ...WIDE, label: 'Wide, for articles' })).toEqual({
      name: 'wide',
      change: 'unchanged',
    });
    expect(notFresh()).toEqual([]);
    expect(await t.library.generate()).toMatchObject({ total: 0 });
  });

  it('a removed original leaves rows and files to gc, which keeps files others share', async () => {
    const own = filesOf('Portrait_1.jpg');
    const shared = filesOf('copy-of-landscape.jpg');
    expect(shared.sort()).toEqual(filesOf('Landscape_1.jpg').sort());
    await rm(path.join(t.sourceDir, 'Portrait_1.jpg'));
    await rm(path.join(t.sourceDir, 'copy-of-landscape.jpg'));
    const [report] = await t.library.scan();
    expect(report).toMatchObject({ removed: 2 });
    // Until gc: rows kept (no longer planned), files kept.
    expect(rowCount('original_id IS NULL')).toBe(8);
    expect(t.library.status().derivatives).toMatchObject({ orphaned: 8, total: 8, fresh: 8 });
    expect([...own, ...shared].every((f) => existsSync(f))).toBe(true);

    const gc = await t.library.gc();
    expect(gc).toMatchObject({ rows: 8, files: 4 });
    expect(rowCount('original_id IS NULL')).toBe(0);
    expect(own.filter((f) => existsSync(f))).toEqual([]);
    expect(shared.every((f) => existsSync(f))).toBe(true);
    expect(notFresh()).toEqual([]);
    expect(await t.library.gc()).toMatchObject({ rows: 0, files: 0 });
  });

  it('a removed preset leaves rows and files to gc, which deletes both', async () => {
    const wideFiles = t.library
      .list()
      .flatMap((o) => o.derivatives.filter((d) => d.preset === 'wide').map((d) => d.file!));
    // Two originals share bytes, so four rows name three files.
    expect(new Set(wideFiles).size).toBe(3);
    t.library.deletePreset('wide');
    expect(rowCount('preset_id IS NULL')).toBe(4);
    expect(wideFiles.every((f) => existsSync(f))).toBe(true);
    const gc = await t.library.gc();
    expect(gc).toMatchObject({ rows: 4, files: 3 });
    expect(rowCount('preset_id IS NULL')).toBe(0);
    expect(wideFiles.filter((f) => existsSync(f))).toEqual([]);
    expect(notFresh()).toEqual([]);
    expect(t.library.status().derivatives.total).toBe(12);
  });

  it('an original that is no longer an image leaves its derivatives to gc', async () => {
    // Without an image extension, only the content says whether a file is an image.
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'no-extension'));
    await t.library.scan();
    await t.library.generate();
    expect(t.library.status().derivatives).toMatchObject({ fresh: 20, orphaned: 0 });
    await writeFile(path.join(t.sourceDir, 'no-extension'), 'now a note, not a picture');
    const [report] = await t.library.scan();
    expect(report).toMatchObject({ removed: 1, changed: 0 });
    expect(t.library.status().derivatives).toMatchObject({ fresh: 16, orphaned: 4 });
    expect(await t.library.gc()).toMatchObject({ rows: 4, files: 4 });
  });

  it('a new focal point makes only that original`s focal derivatives stale', async () => {
    const original = t.library.list().find((o) => o.path === 'concert.jpg')!;
    const before = filesOf('concert.jpg');
    t.library.setFocalPoint(original.id, 0.1, 0.9);
    expect(notFresh()).toEqual(['concert.jpg focus jpeg@1: stale']);
    expect(await t.library.generate()).toMatchObject({ built: 1, failed: 0 });
    expect(notFresh()).toEqual([]);
    const after = filesOf('concert.jpg');
    expect(after.filter((f) => !before.includes(f))).toHaveLength(1);
  });
});
