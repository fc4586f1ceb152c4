import { createHash } from 'node:crypto';
import { copyFile, readFile, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

/**
 * Hooks into the file system calls a scan makes, to act or look between its steps: files named
 * in `vanishing` are deleted just before the scan reads them (after the walk saw them), and
 * `onStat` runs before every stat.
 */
const vanishing = new Set<string>();
let onStat: ((file: string) => void) | undefined;

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof real.readFile>[0], ...rest: never[]) => {
    if (typeof file === 'string' && vanishing.has(file)) await real.rm(file);
    return real.readFile(file, ...rest);
  }) as typeof real.readFile;
  const stat = ((file: Parameters<typeof real.stat>[0], ...rest: never[]) => {
    onStat?.(String(file));
    return real.stat(file, ...rest);
  }) as typeof real.stat;
  return { ...real, default: { ...real, readFile, stat }, readFile, stat };
});

let t: TempLibrary | undefined;
afterEach(async () => {
  vanishing.clear();
  onStat = undefined;
  await t?.cleanup();
  t = undefined;
});

it('goes on when a file vanishes between the walk and the read', async () => {
  t = await tempLibrary(['Landscape_1.jpg', 'Landscape_2.jpg', 'Portrait_1.jpg']);
  vanishing.add(path.join(t.sourceDir, 'Landscape_2.jpg'));
  const { scan } = await t.library.addSource(t.sourceDir);
  expect(scan).toMatchObject({ added: 2, failed: 0, problems: [] });
  expect(t.library.list().map((o) => [o.path, o.error])).toEqual([
    ['Landscape_1.jpg', null],
    ['Portrait_1.jpg', null],
  ]);
});

it('drops a known file that vanishes during a rescan', async () => {
  t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg']);
  await t.library.addSource(t.sourceDir);
  const file = path.join(t.sourceDir, 'Portrait_1.jpg');
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  vanishing.add(file);
  const [report] = await t.library.scan();
  expect(report).toMatchObject({ removed: 1, changed: 0, failed: 0 });
  expect(t.library.list().map((o) => o.path)).toEqual(['Landscape_1.jpg']);
  await expect(rm(file)).rejects.toThrow(/ENOENT/);
});

it('never shows a changed original beside derivatives that look fresh', async () => {
  t = await tempLibrary(['Landscape_1.jpg']);
  await t.library.addSource(t.sourceDir);
  t.library.savePreset({ name: 'thumb', width: 64, formats: ['webp'] });
  await t.library.generate();
  const newBytes = await readFile(fixture('Landscape_2.jpg'));
  const newHash = createHash('sha256').update(newBytes).digest('hex');
  await copyFile(fixture('Landscape_2.jpg'), path.join(t.sourceDir, 'Landscape_1.jpg'));

  // What another reader of the catalog would see at each step of the scan.
  const seen: [boolean, string][] = [];
  onStat = () => {
    const [original] = t!.library.list();
    seen.push([original!.hash === newHash, original!.derivatives[0]!.state]);
  };
  await t.library.scan();
  onStat = undefined;
  expect(seen.some(([isNew]) => isNew)).toBe(true);
  expect(seen.filter(([isNew, state]) => isNew && state === 'fresh')).toEqual([]);
});
