/**
 * Where fixture images live: the shipped ones in the repository's fixtures/images, and the ones
 * made at run time (made-fixtures.ts) in a folder under the system temp dir.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shipped fixture images; fixtures/README.md gives each one's origin and licence. */
export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'images');

/**
 * The recipes' fingerprint: a hash of the code that makes the fixtures and of the photo they are
 * made from, so no test reads an image an older recipe made (the folder is shared by every run on
 * the machine), with nothing to remember to bump.
 */
const RECIPES = createHash('sha256');
for (const file of ['made-fixtures.ts', 'rgb16-tiff.ts']) {
  RECIPES.update(readFileSync(fileURLToPath(new URL(file, import.meta.url))));
}
RECIPES.update(readFileSync(path.join(FIXTURES, 'Landscape_1.jpg')));

/** The made fixtures' folder: one per recipe fingerprint and sharp version. */
export const MADE_FIXTURES = path.join(
  os.tmpdir(),
  `thumbdesk-made-fixtures-${RECIPES.digest('hex').slice(0, 12)}-sharp-${sharp.versions.sharp}`,
);
