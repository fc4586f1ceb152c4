/**
 * Test helpers shared by the engine's suites: the fixture images, temp folders that clean up
 * after themselves, and pixel comparisons. Excluded from the build.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURES, MADE_FIXTURES } from './fixture-dirs.js';
import { isMadeFixture } from './made-fixtures.js';

export { FIXTURES, PROJECT_ROOT } from './fixture-dirs.js';

/**
 * The absolute path of a fixture image: a shipped one (fixtures/images) or one made at run time
 * (made-fixtures.ts; vitest's globalSetup makes them before any test runs).
 * @example fixture('Landscape_1.jpg')
 */
export function fixture(name: string): string {
  return path.join(isMadeFixture(name) ? MADE_FIXTURES : FIXTURES, name);
}

/**
 * A fresh temp folder; `cleanup` removes it and everything in it.
 * @example const tmp = await makeTempDir(); afterAll(tmp.cleanup);
 */
export async function makeTempDir(
  prefix = 'thumbdesk-test-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Copies fixtures into `dir` (created if needed), optionally under other names.
 * @example await copyFixtures(dir, ['Landscape_1.jpg', ['p3.png', 'sub/p3-copy.png']]);
 */
export async function copyFixtures(
  dir: string,
  names: readonly (string | readonly [string, string])[],
): Promise<void> {
  for (const entry of names) {
    const [from, to] = typeof entry === 'string' ? [entry, entry] : entry;
    const target = path.join(dir, to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(fixture(from), target);
  }
}

/**
 * Mean absolute difference (0–255) between two images, compared as small greyscale thumbnails
 * of the same size on grey, so encoder noise counts for little and a wrong rotation for a lot.
 * @example expect(await meanDifference(a, b)).toBeLessThan(8);
 */
export async function meanDifference(a: Buffer, b: Buffer, size = 32): Promise<number> {
  // Flattened first: a transparent pixel's colour is not part of the picture.
  const grey = (input: Buffer) =>
    sharp(input)
      .flatten({ background: '#808080' })
      .resize(size, size, { fit: 'fill' })
      .greyscale()
      .raw()
      .toBuffer();
  const [pa, pb] = await Promise.all([grey(a), grey(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i += 1) sum += Math.abs(pa[i]! - pb[i]!);
  return sum / pa.length;
}

/**
 * The mean of each channel of an image's decoded pixels.
 * @example const [r, g, b] = await channelMeans(jpegBytes);
 */
export async function channelMeans(input: Buffer): Promise<number[]> {
  const { channels } = await sharp(input).stats();
  return channels.map((c) => c.mean);
}
