import { randomBytes } from 'node:crypto';
import {
  copyFile,
  mkdir,
  readFile,
  rename,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from '../test-support/fixtures.js';
import { HEIC_HEADER, JP2_HEADER } from '../test-support/headers.js';
import { byPath, tempLibrary, type TempLibrary } from '../test-support/library.js';

let t: TempLibrary | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('scan: bad files', () => {
  it('records each bad file with its reason in words while the batch goes on', async () => {
    t = await tempLibrary([
      'Landscape_1.jpg',
      'flowers.jpeg',
      ['p3.png', 'png-named.jpg'],
      'truncated.jpg',
      'truncated.png',
      'corrupt-header.jpg',
      'giant-image.jpg',
    ]);
    await writeFile(path.join(t.sourceDir, 'empty.jpg'), '');
    await writeFile(
      path.join(t.sourceDir, 'random.jpg'),
      Buffer.concat([Buffer.from('zz'), randomBytes(8192)]),
    );
    await writeFile(path.join(t.sourceDir, 'text.jpg'), 'a note, not a photo\n');
    await writeFile(path.join(t.sourceDir, 'readme.txt'), 'not an image by name or content\n');
    await writeFile(path.join(t.sourceDir, 'phone.heic'), HEIC_HEADER);
    await writeFile(path.join(t.sourceDir, 'scan.jp2'), JP2_HEADER);

    const { scan } = await t.library.addSource(t.sourceDir);
    expect(scan).toMatchObject({ added: 12, failed: 9, problems: [] });

    const listed = byPath(t.library.list());
    expect(listed.has('readme.txt')).toBe(false);
    const errorOf = (p: string) => listed.get(p)?.error;
    expect(errorOf('truncated.jpg')).toMatch(/^truncated JPEG/);
    expect(errorOf('truncated.png')).toMatch(/^truncated PNG/);
    expect(errorOf('corrupt-header.jpg')).toMatch(/^corrupt JPEG/);
    expect(errorOf('empty.jpg')).toBe('empty file');
    expect(errorOf('random.jpg')).toBe('not an image');
    expect(errorOf('text.jpg')).toBe('not an image');
    expect(errorOf('phone.heic')).toBe('HEIC is not supported by this build');
    expect(errorOf('scan.jp2')).toBe('JPEG 2000 is not supported by this build');
    expect(errorOf('giant-image.jpg')).toBe(
      '20 000 × 14 000 is larger than the 100-megapixel limit',
    );

    // The good files are all recorded, by content: the PNG named .jpg is a PNG.
    expect(listed.get('Landscape_1.jpg')).toMatchObject({
      format: 'jpeg',
      width: 600,
      error: null,
    });
    expect(listed.get('flowers.jpeg')).toMatchObject({ format: 'jpeg', width: 1920, error: null });
    expect(listed.get('png-named.jpg')).toMatchObject({ format: 'png', width: 8, error: null });
    expect(t.library.status().originals).toEqual({ total: 12, failed: 9, excluded: 0 });
    const errors = t.library.errors();
    expect(errors.filter((e) => e.kind === 'original')).toHaveLength(9);
  });
});

describe('scan: the walk', () => {
  it('skips hidden files and folders', async () => {
    t = await tempLibrary([
      'Landscape_1.jpg',
      ['Landscape_2.jpg', '.hidden.jpg'],
      ['Landscape_3.jpg', '.cache/inside.jpg'],
      ['Landscape_4.jpg', 'visible/.also-hidden.jpg'],
      ['Landscape_5.jpg', 'visible/shown.jpg'],
    ]);
    await t.library.addSource(t.sourceDir);
    expect(t.library.list().map((o) => o.path)).toEqual(['Landscape_1.jpg', 'visible/shown.jpg']);
  });

  it('survives symlink loops without listing anything twice', async () => {
    t = await tempLibrary(['Landscape_1.jpg', ['Portrait_1.jpg', 'a/b/deep.jpg']]);
    await symlink('..', path.join(t.sourceDir, 'a', 'b', 'up'));
    await symlink(path.join(t.sourceDir, 'a'), path.join(t.sourceDir, 'a', 'b', 'again'));
    await symlink('self', path.join(t.sourceDir, 'self'));
    const { scan } = await t.library.addSource(t.sourceDir);
    expect(scan.problems).toEqual([]);
    expect(t.library.list().map((o) => o.path)).toEqual(['Landscape_1.jpg', 'a/b/deep.jpg']);
  });

  it('does not follow a symlink out of the source, but follows one that stays inside', async () => {
    t = await tempLibrary(['Landscape_1.jpg']);
    await symlink(FIXTURES, path.join(t.sourceDir, 'outside-folder'));
    await symlink(fixture('Portrait_1.jpg'), path.join(t.sourceDir, 'outside-file.jpg'));
    await symlink('Landscape_1.jpg', path.join(t.sourceDir, 'inside-link.jpg'));
    await t.library.addSource(t.sourceDir);
    expect(t.library.list().map((o) => o.path)).toEqual(['Landscape_1.jpg', 'inside-link.jpg']);
  });

  it('does not scan the library folder when it lies inside its source', async () => {
    t = await tempLibrary(['Landscape_1.jpg']);
    await t.library.addSource(path.dirname(t.libraryDir));
    await t.library.generate();
    const report = await t.library.scan();
    expect(report[0]).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(t.library.list().map((o) => o.path)).toEqual(['originals/Landscape_1.jpg']);
  });
});

describe('scan: rescans', () => {
  it('reports new, changed and removed files', async () => {
    t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg']);
    await t.library.addSource(t.sourceDir);
    const { rm, copyFile } = await import('node:fs/promises');
    await rm(path.join(t.sourceDir, 'Portrait_1.jpg'));
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'Landscape_1.jpg'));
    await copyFile(fixture('flowers.jpeg'), path.join(t.sourceDir, 'new.jpg'));
    const [report] = await t.library.scan();
    expect(report).toMatchObject({ added: 1, changed: 1, removed: 1, unchanged: 0 });
  });

  it('reads no bytes of an unchanged tree of 10,000 files', async () => {
    t = await tempLibrary();
    const png = await readFile(fixture('p3.png'));
    for (let d = 0; d < 100; d += 1) {
      const dir = path.join(t.sourceDir, `d${d}`);
      await mkdir(dir);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => writeFile(path.join(dir, `f${i}.png`), png)),
      );
    }
    // The files about to be rewritten get a time in whole seconds, which utimes restores exactly.
    const rewritten = ['d7/f7.png', 'd50/f0.png', 'd99/f99.png'];
    const stamp = new Date('2024-05-01T12:00:00Z');
    for (const rel of rewritten) await utimes(path.join(t.sourceDir, rel), stamp, stamp);
    const hashOf = (rel: string) =>
      t!.library.list({ search: rel }).find((o) => o.path === rel)?.hash;
    const { scan } = await t.library.addSource(t.sourceDir);
    expect(scan).toMatchObject({ added: 10_000, failed: 0 });
    const hashBefore = hashOf('d7/f7.png');

    // Other bytes, same size and mtime: a scan that read them would see another hash.
    const changed = Buffer.from(png);
    changed.write('THUMBDESK', png.length - 40, 'latin1');
    expect(changed.length).toBe(png.length);
    for (const rel of rewritten) {
      const file = path.join(t.sourceDir, rel);
      await writeFile(file, changed);
      await utimes(file, stamp, stamp);
    }

    const started = performance.now();
    const [report] = await t.library.scan();
    const elapsed = performance.now() - started;
    console.log(`no-change rescan of 10,000 files: ${elapsed.toFixed(0)} ms`);
    expect(report).toMatchObject({ unchanged: 10_000, changed: 0, touched: 0, added: 0 });
    expect(hashOf('d7/f7.png')).toBe(hashBefore);

    // The same change with a new mtime is seen.
    await utimes(path.join(t.sourceDir, 'd7/f7.png'), stamp, new Date());
    const [after] = await t.library.scan();
    expect(after).toMatchObject({ unchanged: 9_999, changed: 1 });
    expect(hashOf('d7/f7.png')).not.toBe(hashBefore);
  });
});

describe('scan: given paths only (the watcher)', () => {
  it('records, touches and removes the named files exactly as a full scan would', async () => {
    t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg', 'Portrait_2.jpg']);
    const { source } = await t.library.addSource(t.sourceDir);
    await rm(path.join(t.sourceDir, 'Portrait_1.jpg'));
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'Landscape_1.jpg'));
    await copyFile(fixture('flowers.jpeg'), path.join(t.sourceDir, 'sub-new.jpg'));
    await utimes(path.join(t.sourceDir, 'Portrait_2.jpg'), new Date(), new Date());
    await writeFile(path.join(t.sourceDir, 'photo.jpg~'), await readFile(fixture('p3.png')));

    const report = await t.library.rescan(source, [
      'Landscape_1.jpg',
      'Portrait_1.jpg',
      'Portrait_2.jpg',
      'sub-new.jpg',
      'photo.jpg~',
      'never-there.jpg',
    ]);
    expect(report).toMatchObject({ added: 1, changed: 1, touched: 1, removed: 1, problems: [] });
    const [full] = await t.library.scan();
    expect(full).toMatchObject({ added: 0, changed: 0, touched: 0, removed: 0, unchanged: 3 });
  });

  it('treats a source inside the library folder (its uploads) like any other', async () => {
    t = await tempLibrary();
    const uploads = path.join(t.libraryDir, 'uploads');
    await mkdir(uploads);
    await copyFile(fixture('Landscape_1.jpg'), path.join(uploads, 'a.jpg'));
    const { source } = await t.library.addSource(uploads);
    await copyFile(fixture('Portrait_1.jpg'), path.join(uploads, 'b.jpg'));
    const report = await t.library.rescan(source, ['a.jpg', 'b.jpg']);
    expect(report).toMatchObject({ added: 1, unchanged: 1, removed: 0 });
  });

  it('removes nothing while the source folder itself is gone', async () => {
    t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg']);
    const { source } = await t.library.addSource(t.sourceDir);
    await rename(t.sourceDir, `${t.sourceDir}-away`);
    const report = await t.library.rescan(source, ['Landscape_1.jpg', 'Portrait_1.jpg']);
    expect(report.removed).toBe(0);
    expect(report.problems).toEqual([expect.stringMatching(/cannot be read/)]);
    expect(t.library.list()).toHaveLength(2);
  });
});

describe('scan: progress and cancel', () => {
  it('reports each examined file, and a cancelled scan records what it examined', async () => {
    t = await tempLibrary(['Landscape_1.jpg']);
    for (let i = 0; i < 40; i += 1) {
      await copyFile(fixture('Landscape_1.jpg'), path.join(t.sourceDir, `copy-${i}.jpg`));
    }
    const seen: number[] = [];
    const controller = new AbortController();
    const { scan } = await t.library.addSource(t.sourceDir, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        expect(p.total).toBe(41);
        if (p.done === 10) controller.abort();
      },
    });
    expect(scan.cancelled).toBe(true);
    // The queue stops starting files; the few already running (4 at once) still finish.
    const examined = seen.at(-1)!;
    expect(examined).toBeGreaterThanOrEqual(10);
    expect(examined).toBeLessThan(41);
    expect(t.library.list()).toHaveLength(examined);

    const totals: number[] = [];
    const rescan = await t.library.scan({ onProgress: (p) => totals.push(p.total) });
    expect(rescan[0]).toMatchObject({ cancelled: false, added: 41 - examined });
    expect(totals.at(-1)).toBe(41 - examined);
    expect(t.library.list()).toHaveLength(41);
  });
});
