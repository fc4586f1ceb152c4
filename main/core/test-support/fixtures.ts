/**
 * Test helpers shared by the engine's suites: the fixture images, temp folders that clean up
 * after themselves, and pixel comparisons. Excluded from the build.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared read-only fixture images (DESIGN.md, "Fixtures"). */
export const FIXTURES = path.resolve(PROJECT_ROOT, '../shared/fixtures/images');

/**
 * The absolute path of a fixture image.
 * @example fixture('Landscape_1.jpg')
 */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
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
