import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../core/test-support/fixtures.js';
import { electronExecutable } from './electron-binary.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('electronExecutable', () => {
  it('is null before the download, and the binary path.txt names after it', async () => {
    expect(electronExecutable(tmp.dir, {})).toBeNull();
    await writeFile(path.join(tmp.dir, 'path.txt'), 'electron');
    // path.txt written, binary gone (an interrupted download): still nothing to run.
    expect(electronExecutable(tmp.dir, {})).toBeNull();
    await mkdir(path.join(tmp.dir, 'dist'));
    await writeFile(path.join(tmp.dir, 'dist/electron'), '');
    expect(electronExecutable(tmp.dir, {})).toBe(path.join(tmp.dir, 'dist/electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', async () => {
    const other = path.join(tmp.dir, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'electron'), '');
    expect(electronExecutable(tmp.dir, { ELECTRON_OVERRIDE_DIST_PATH: other })).toBe(
      path.join(other, 'electron'),
    );
  });
});
