/**
 * Where fixture images live: the shipped ones in the repository's fixtures/images, and the ones
 * made at run time (made-fixtures.ts) in a folder under the system temp dir.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shipped fixture images; fixtures/README.md gives each one's origin and licence. */
export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'images');

/**
 * Bumped whenever a recipe in made-fixtures.ts changes, so no test reads an image made by an
 * older recipe (the folder is shared by every run on the machine).
 */
const RECIPES_VERSION = 2;

/** The made fixtures' folder: one per recipe version and sharp version. */
export const MADE_FIXTURES = path.join(
  os.tmpdir(),
  `thumbdesk-made-fixtures-v${RECIPES_VERSION}-sharp-${sharp.versions.sharp}`,
);
