import { rm } from 'node:fs/promises';
import { afterEach, expect, it, vi } from 'vitest';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

/** Files named here are deleted just before the scan reads them: after the walk saw them. */
const vanishing = new Set<string>();

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof real.readFile>[0], ...rest: never[]) => {
    if (typeof file === 'string' && vanishing.has(file)) await real.rm(file);
    return real.readFile(file, ...rest);
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});

let t: TempLibrary | undefined;
afterEach(async () => {
  vanishing.clear();
  await t?.cleanup();
  t = undefined;
});

it('goes on when a file vanishes between the walk and the read', async () => {
  t = await tempLibrary(['Landscape_1.jpg', 'Landscape_2.jpg', 'Portrait_1.jpg']);
  vanishing.add(`${t.sourceDir}/Landscape_2.jpg`);
  const { scan } = await t.library.addSource(t.sourceDir);
  expect(vanishing.size).toBe(1);
  expect(scan).toMatchObject({ added: 2, failed: 0, problems: [] });
  expect(t.library.list().map((o) => [o.path, o.error])).toEqual([
    ['Landscape_1.jpg', null],
    ['Portrait_1.jpg', null],
  ]);
});

it('drops a known file that vanishes during a rescan', async () => {
  t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg']);
  await t.library.addSource(t.sourceDir);
  const { utimes } = await import('node:fs/promises');
  const file = `${t.sourceDir}/Portrait_1.jpg`;
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  vanishing.add(file);
  const [report] = await t.library.scan();
  expect(report).toMatchObject({ removed: 1, changed: 0, failed: 0 });
  expect(t.library.list().map((o) => o.path)).toEqual(['Landscape_1.jpg']);
  await expect(rm(file)).rejects.toThrow(/ENOENT/);
});
