import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures.js';
import { isTempName, removeStrayTemps, writeFileAtomic } from './atomic-write.js';

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
