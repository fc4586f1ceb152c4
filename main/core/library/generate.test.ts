import { copyFile, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { fixture } from '../test-support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

// Every write goes through as it would, counted.
vi.mock('../fs/atomic-write.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../fs/atomic-write.js')>();
  return { ...actual, writeFileAtomic: vi.fn(actual.writeFileAtomic) };
});

let t: TempLibrary;

beforeEach(async () => {
  t = await tempLibrary([
    'Landscape_1.jpg',
    'Portrait_1.jpg',
    'concert.jpg',
    'animated-loop-3.gif',
    'full-transparent.png',
  ]);
  await t.library.addSource(t.sourceDir);
  t.library.importPresets(
    parsePresetFile({
      presets: [
        { name: 'small', width: 120, formats: ['original', 'webp'] },
        { name: 'card', width: 200, height: 150, fit: 'cover', formats: ['jpeg'] },
      ],
    }),
  );
});

afterEach(() => t.cleanup());

describe('generate', () => {
  it('builds every slot, writing exactly the files the catalog names', async () => {
    const progress: number[] = [];
    const report = await t.library.generate({ onProgress: (s) => progress.push(s.done) });
    expect(report).toMatchObject({ total: 15, built: 15, failed: 0, cancelled: false });
    expect(progress.at(-1)).toBe(15);
    const derivatives = t.library.list().flatMap((o) => o.derivatives);
    const named = new Set(derivatives.map((d) => d.file));
    const onDisk = (await readdir(t.library.cacheDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    expect(onDisk.sort()).toEqual([...named].sort());
    // `original` resolves per source: the GIF stays an animated GIF, the JPEG a JPEG.
    const gif = t.library.list().find((o) => o.path === 'animated-loop-3.gif')!;
    const small = gif.derivatives.find((d) => d.preset === 'small' && d.format === 'gif')!;
    expect((await sharp(small.file!).metadata()).pages).toBe(10);
    expect(await t.library.generate()).toMatchObject({ total: 0 });
  });

  it('builds only the presets asked for', async () => {
    expect(await t.library.generate({ presets: ['card'] })).toMatchObject({ built: 5 });
    const states = t.library.list().flatMap((o) => o.derivatives.map((d) => [d.preset, d.state]));
    expect(states.filter(([p, s]) => p === 'card' && s !== 'fresh')).toEqual([]);
    expect(states.filter(([p, s]) => p === 'small' && s !== 'missing')).toEqual([]);
    await expect(t.library.generate({ presets: ['nope'] })).rejects.toThrow(/no preset named/);
  });

  it('marks the slots of a bad original failed with the reason, and builds the rest', async () => {
    await rm(path.join(t.sourceDir, 'Portrait_1.jpg'));
    const report = await t.library.generate();
    expect(report).toMatchObject({ total: 15, built: 12, failed: 3 });
    const errors = t.library.errors();
    expect(errors.map((e) => [e.path, e.kind])).toEqual([
      ['Portrait_1.jpg', 'derivative'],
      ['Portrait_1.jpg', 'derivative'],
      ['Portrait_1.jpg', 'derivative'],
    ]);
    expect(errors[0]!.error).toMatch(/^original cannot be read/);
    expect(t.library.status().derivatives).toMatchObject({ fresh: 12, failed: 3 });
    // Failed slots are tried again by the next generate.
    await copyFile(fixture('Portrait_1.jpg'), path.join(t.sourceDir, 'Portrait_1.jpg'));
    expect(await t.library.generate()).toMatchObject({ total: 3, built: 3, failed: 0 });
    expect(t.library.errors()).toEqual([]);
  });

  it('stops when its signal aborts, and what it built stays recorded', async () => {
    const controller = new AbortController();
    const report = await t.library.generate({
      concurrency: 1,
      signal: controller.signal,
      onProgress: (s) => {
        if (s.done === 1) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.built).toBeGreaterThanOrEqual(1);
    expect(report.built).toBeLessThan(15);
    expect(t.library.status().derivatives.fresh).toBe(report.built);
    expect(await t.library.generate()).toMatchObject({ total: 15 - report.built, failed: 0 });
  });
});

describe('the cache and the catalog, kept in step', () => {
  it('records a complete file already under a slot key as it is, never rewriting it', async () => {
    const first = await t.library.generate({ presets: ['card'] });
    expect(first.built).toBe(5);
    const card = t.library.list().find((o) => o.path === 'concert.jpg')!.derivatives[0]!;
    // As a URL API answer or a run killed before recording leaves it: the file, no build.
    const bytes = await readFile(card.file!);
    t.library.db
      .prepare('UPDATE derivatives SET key = NULL, file = NULL WHERE file IS NOT NULL')
      .run();
    const { mtimeMs } = await stat(card.file!);
    const again = await t.library.generate({ presets: ['card'] });
    expect(again).toMatchObject({ built: 5, failed: 0 });
    expect((await stat(card.file!)).mtimeMs).toBe(mtimeMs);
    expect((await readFile(card.file!)).equals(bytes)).toBe(true);
    const rebuilt = t.library.list().find((o) => o.path === 'concert.jpg')!.derivatives[0]!;
    expect(rebuilt).toMatchObject({ state: 'fresh', file: card.file, bytes: bytes.length });
    expect([rebuilt.width, rebuilt.height]).toEqual([200, 150]);
  });

  it('renders and writes a key once when two slots of one original share it', async () => {
    // For a JPEG, `original` is `jpeg`: both slots want the very same spec, hence one key.
    t.library.importPresets(
      parsePresetFile({ presets: [{ name: 'twin', width: 100, formats: ['original', 'jpeg'] }] }),
    );
    const writes = vi.mocked(writeFileAtomic);
    writes.mockClear();
    const report = await t.library.generate({ presets: ['twin'] });
    expect(report).toMatchObject({ total: 10, built: 10, failed: 0 });
    const twins = t.library
      .list()
      .find((o) => o.path === 'concert.jpg')!
      .derivatives.filter((d) => d.preset === 'twin');
    expect(twins.map((d) => [d.format, d.state])).toEqual([
      ['jpeg', 'fresh'],
      ['jpeg', 'fresh'],
    ]);
    expect(twins[0]!.file).toBe(twins[1]!.file);
    expect(twins[0]!.bytes).toBe((await stat(twins[0]!.file!)).size);
    const targets = writes.mock.calls.map(([target]) => target);
    expect(targets.filter((target) => target === twins[0]!.file)).toHaveLength(1);
    // Three JPEGs share their keys; the GIF and the PNG want a second file for `jpeg`.
    expect(new Set(targets).size).toBe(7);
    expect(targets).toHaveLength(7);
  });

  it('gc finds built files deleted behind its back; generate builds them again', async () => {
    await t.library.generate();
    const [gone, alsoGone] = t.library.list().flatMap((o) => o.derivatives);
    await rm(gone!.file!);
    await rm(alsoGone!.file!);
    expect(await t.library.gc()).toMatchObject({ lost: 2, rows: 2, files: 0 });
    expect(t.library.status().derivatives).toMatchObject({ missing: 2, fresh: 13 });
    expect(await t.library.generate()).toMatchObject({ total: 2, built: 2 });
    expect(await t.library.gc()).toMatchObject({ lost: 0, rows: 0 });

    // The whole cache folder deleted: every build is missing, none is fresh.
    await rm(t.library.cacheDir, { recursive: true });
    expect(await t.library.gc()).toMatchObject({ lost: 15 });
    expect(t.library.status().derivatives).toMatchObject({ missing: 15, fresh: 0 });
  });
});
