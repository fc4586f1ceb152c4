import { createHash } from 'node:crypto';
import { copyFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordPublication } from '../catalog/publications.js';
import { stmt } from '../catalog/statements.js';
import { MANIFEST_KEY } from './manifest.js';
import { planPublish, type PlannedObject } from './plan.js';
import { resolveTarget, type Target } from './target.js';
import { builtLibrary, CARD_PRESETS, type TestLibrary } from './test-support/library.js';

let t: TestLibrary;
let target: Target;
beforeEach(async () => {
  // Two originals, each with 2 formats × 2 densities of the "card" preset, all built.
  t = await builtLibrary(['Landscape_3.jpg', ['p3.png', 'sub/b.png']]);
  target = resolveTarget(t.library.db, path.join(t.dir, 'out'));
});
afterEach(() => t.cleanup());

const plan = (over: Target = target) => planPublish(t.library.db, t.library.cacheDir, over);
const keys = (objects: PlannedObject[]) => objects.map((o) => o.key);
const withTemplate = (template: string): Target => ({
  ...target,
  options: { ...target.options, template },
});

function record(object: PlannedObject, sha256 = object.sha256) {
  recordPublication(t.library.db, {
    location: target.location,
    key: object.key,
    sha256,
    bytes: object.bytes,
    content_type: object.contentType,
  });
}

const ALL_KEYS = [
  'card/src/Landscape_3.jpg',
  'card/src/Landscape_3.webp',
  'card/src/Landscape_3@2x.jpg',
  'card/src/Landscape_3@2x.webp',
  'card/src/sub/b.jpg',
  'card/src/sub/b.webp',
  'card/src/sub/b@2x.jpg',
  'card/src/sub/b@2x.webp',
];

describe('the publish plan', () => {
  it('uploads every fresh derivative once, in key order, with its bytes and manifest entry', async () => {
    const p = await plan();
    expect(keys(p.uploads)).toEqual(ALL_KEYS);
    expect(p).toMatchObject({ unchanged: [], deletes: [], waiting: 0, held: [], problems: [] });
    const webp2x = p.uploads.find((o) => o.key === 'card/src/Landscape_3@2x.webp')!;
    const file = (webp2x.body as { file: string }).file;
    expect(path.dirname(path.relative(t.library.cacheDir, file))).not.toMatch(/^\.\./);
    const bytes = await readFile(file);
    expect(webp2x).toMatchObject({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: 'image/webp',
      cacheControl: target.cacheControl,
    });
    expect(webp2x.entries).toEqual([
      {
        original: {
          id: 'src/Landscape_3.jpg',
          width: expect.any(Number),
          height: expect.any(Number),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          placeholder: expect.any(String),
        },
        preset: 'card',
        variant: {
          path: 'card/src/Landscape_3@2x.webp',
          format: 'webp',
          width: 128,
          height: 96,
          density: 2,
          bytes: bytes.length,
        },
      },
    ]);
    expect(p.uploads.find((o) => o.key.endsWith('b.jpg'))?.contentType).toBe('image/jpeg');
  });

  it('leaves what the records hold, sends what changed, deletes what no longer belongs', async () => {
    const first = await plan();
    const [same, changed] = first.uploads;
    record(same!);
    record(changed!, 'f'.repeat(64));
    record({ ...same!, key: 'card/src/gone.webp' });
    record({ ...same!, key: 'card/src/also-gone.webp' });
    record({ ...same!, key: MANIFEST_KEY });
    const p = await plan();
    expect(keys(p.unchanged)).toEqual([same!.key]);
    expect(keys(p.uploads)).toEqual(ALL_KEYS.filter((k) => k !== same!.key));
    // The manifest is rewritten every time, never deleted as a stray.
    expect(p.deletes).toEqual(['card/src/also-gone.webp', 'card/src/gone.webp']);
    expect([...p.records.keys()].sort()).toEqual(
      [
        same!.key,
        changed!.key,
        'card/src/gone.webp',
        'card/src/also-gone.webp',
        MANIFEST_KEY,
      ].sort(),
    );
  });

  it('holds back stale derivatives: not sent, counted as waiting, and not deleted', async () => {
    for (const object of (await plan()).uploads) record(object);
    // A new quality changes the bytes of every derivative, whatever its size.
    t.library.savePreset({ ...CARD_PRESETS.presets[0]!, quality: 50 });
    const p = await plan();
    expect(p.waiting).toBe(8);
    expect(p.uploads).toEqual([]);
    expect(p.unchanged).toEqual([]);
    expect(keys(p.held)).toEqual(ALL_KEYS);
    expect(p.deletes).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('passes over a stale derivative whose cache file is gone: not a problem, still waiting', async () => {
    t.library.savePreset({ ...CARD_PRESETS.presets[0]!, quality: 50 });
    const row = stmt(t.library.db, 'SELECT file FROM derivatives WHERE file IS NOT NULL').get() as {
      file: string;
    };
    await rm(path.join(t.library.cacheDir, row.file));
    const p = await plan();
    expect(p).toMatchObject({ waiting: 8, uploads: [], problems: [] });
    expect(p.held).toHaveLength(7);
  });

  it('counts derivatives never built as waiting, with nothing to send for them', async () => {
    await copyFile(path.join(t.source, 'Landscape_3.jpg'), path.join(t.source, 'new.jpg'));
    await t.library.scan();
    const p = await plan();
    expect(p.waiting).toBe(4);
    expect(keys(p.uploads)).toEqual(ALL_KEYS);
    expect(p.held).toEqual([]);
  });

  it('sends identical bytes under one content-addressed name, with every original in its entries', async () => {
    await copyFile(path.join(t.source, 'sub/b.png'), path.join(t.source, 'sub/twin.png'));
    await t.library.scan();
    await t.library.generate();
    const p = await plan(withTemplate('{preset}/{hash}{@density}.{ext}'));
    expect(p.uploads).toHaveLength(8);
    const shared = p.uploads.filter((o) => o.entries.length === 2);
    expect(shared).toHaveLength(4);
    expect(shared[0]!.entries.map((e) => e.original.id)).toEqual([
      'src/sub/b.png',
      'src/sub/twin.png',
    ]);
  });

  it('refuses two different files under one name, and a name that is the manifest’s', async () => {
    const clash = await plan(withTemplate('{preset}/{stem}.{ext}'));
    // 1x and 2x of one format now share a name. Landscape_3's differ: the 1x goes, the 2x is
    // refused. p3.png is too small to be enlarged: its 1x and 2x are the same bytes, one object.
    expect(keys(clash.uploads)).toEqual([
      'card/Landscape_3.jpg',
      'card/Landscape_3.webp',
      'card/b.jpg',
      'card/b.webp',
    ]);
    expect(clash.uploads[3]!.entries.map((e) => e.variant.density)).toEqual([1, 2]);
    expect(clash.problems).toEqual(
      ['jpeg', 'webp'].map((format) => ({
        key: `card/Landscape_3.${format === 'jpeg' ? 'jpg' : 'webp'}`,
        error: `src/Landscape_3.jpg (card ${format} 2x) has the same name as src/Landscape_3.jpg (card); add {format} or {hash} to the template`,
      })),
    );

    const manifest = await plan(withTemplate('thumbdesk.json'));
    expect(manifest.uploads).toEqual([]);
    expect(manifest.problems).toHaveLength(8);
    expect(manifest.problems[0]).toEqual({
      key: MANIFEST_KEY,
      error: 'src/Landscape_3.jpg (card jpeg 1x) would overwrite the manifest; change the template',
    });
  });

  it('names a fresh derivative whose cache file is gone as a problem, and sends the rest', async () => {
    const row = stmt(
      t.library.db,
      `SELECT d.file FROM derivatives d JOIN originals o ON o.id = d.original_id
       WHERE o.rel_path = 'Landscape_3.jpg' AND d.format = 'webp' AND d.density = 1`,
    ).get() as { file: string };
    await rm(path.join(t.library.cacheDir, row.file));
    const p = await plan();
    expect(keys(p.uploads)).toEqual(ALL_KEYS.filter((k) => k !== 'card/src/Landscape_3.webp'));
    expect(p.problems).toEqual([
      { key: 'src/Landscape_3.jpg (card webp 1x)', error: expect.stringContaining('ENOENT') },
    ]);
  });
});
