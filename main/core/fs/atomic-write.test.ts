import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures.js';
import { isTempName, removeStrayTemps, tempPathFor, writeFileAtomic } from './atomic-write.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(() => tmp.cleanup());

/** A pid no process has: above the kernel's largest. */
const DEAD_PID = 4_194_305;

it('writes the whole file, in a new folder, leaving no temp file', async () => {
  const target = path.join(tmp.dir, 'ab', 'abcd.webp');
  await writeFileAtomic(target, Buffer.from('first'));
  await writeFileAtomic(target, Buffer.from('second version'));
  expect(await readFile(target, 'utf8')).toBe('second version');
  expect(await readdir(path.dirname(target))).toEqual(['abcd.webp']);
});

it('leaves nothing behind when the write fails', async () => {
  // The target is a folder: the rename fails after the temp file was written.
  const target = path.join(tmp.dir, 'taken');
  await mkdir(target);
  await expect(writeFileAtomic(target, Buffer.from('x'))).rejects.toThrow();
  expect(await readdir(tmp.dir)).toEqual(['taken']);
});

it('removes the temp files of dead writers only', async () => {
  const shard = path.join(tmp.dir, 'ff');
  await mkdir(shard);
  const dead = `.tmp-${DEAD_PID}-0123456789ab-ff01.jpg`;
  const live = `.tmp-${process.pid}-0123456789ab-ff02.jpg`;
  await writeFile(path.join(shard, dead), 'half');
  await writeFile(path.join(shard, live), 'being written');
  await writeFile(path.join(tmp.dir, `.tmp-${DEAD_PID}-0123456789ab-top.jpg`), 'half');
  await writeFile(path.join(shard, 'ff03.jpg'), 'a real file');
  expect(await removeStrayTemps(tmp.dir)).toBe(2);
  expect((await readdir(shard)).sort()).toEqual([live, 'ff03.jpg'].sort());
  expect(isTempName(live)).toBe(true);
  expect(isTempName('ff03.jpg')).toBe(false);
});

it('names temp files by pid and 96 random bits, never the same twice', () => {
  const target = path.join(tmp.dir, 'ab', 'abcd.webp');
  const names = Array.from({ length: 1000 }, () => path.basename(tempPathFor(target)));
  expect(new Set(names).size).toBe(1000);
  for (const name of names) {
    expect(name).toMatch(new RegExp(`^\\.tmp-${process.pid}-[0-9a-f]{24}-abcd\\.webp$`));
    expect(isTempName(name)).toBe(true);
  }
  expect(path.dirname(tempPathFor(target))).toBe(path.dirname(target));
});

it('keeps temp names within 255 bytes for the longest target names, cut between characters', async () => {
  const longest = `${'é'.repeat(120)}photo.jpg`; // 249 bytes: a valid name, as an upload may give
  expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(255);
  const temp = path.basename(tempPathFor(path.join(tmp.dir, longest)));
  expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(255);
  expect(temp).toMatch(/^\.tmp-\d+-[0-9a-f]{24}-é+photo\.jpg$/);
  await writeFileAtomic(path.join(tmp.dir, longest), Buffer.from('whole'));
  expect(await readdir(tmp.dir)).toEqual([longest]);
});
