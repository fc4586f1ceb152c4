/**
 * A library in a temp folder, with a source folder beside it, for tests that drive the engine
 * through the Library API.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { OriginalSummary } from '../../../shared/domain.js';
import { Library } from '../library/library.js';
import { copyFixtures, makeTempDir } from './fixtures.js';

export interface TempLibrary {
  library: Library;
  /** The library folder (catalog.sqlite and cache/). */
  libraryDir: string;
  /** A folder for originals, not yet added as a source. */
  sourceDir: string;
  /** Closes the library and deletes everything. */
  cleanup: () => Promise<void>;
}

/**
 * Opens a new library in a temp folder, with `fixtures` copied into its (not yet added) source.
 * @example const t = await tempLibrary(['Landscape_1.jpg']); await t.library.addSource(t.sourceDir);
 */
export async function tempLibrary(
  fixtures: Parameters<typeof copyFixtures>[1] = [],
  options: { concurrency?: number } = {},
): Promise<TempLibrary> {
  const tmp = await makeTempDir();
  const libraryDir = path.join(tmp.dir, 'library');
  const sourceDir = path.join(tmp.dir, 'originals');
  await mkdir(sourceDir, { recursive: true });
  await copyFixtures(sourceDir, fixtures);
  const library = Library.open(libraryDir, { concurrency: options.concurrency ?? 2 });
  return {
    library,
    libraryDir,
    sourceDir,
    cleanup: async () => {
      library.close();
      await tmp.cleanup();
    },
  };
}

/**
 * The listed originals by relative path.
 * @example byPath(library.list()).get('a.jpg')?.error
 */
export function byPath(originals: OriginalSummary[]): Map<string, OriginalSummary> {
  return new Map(originals.map((o) => [o.path, o]));
}
