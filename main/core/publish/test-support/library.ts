/**
 * A small library for publish tests: fixtures copied into a temp source, one preset, built.
 */
import path from 'node:path';
import { parsePresetFile } from '../../../../shared/preset-schema.js';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';

/** Two densities × two formats: four derivatives per original. */
export const CARD_PRESETS = parsePresetFile({
  presets: [
    {
      name: 'card',
      width: 64,
      height: 48,
      fit: 'cover',
      formats: ['webp', 'jpeg'],
      densities: [1, 2],
    },
  ],
});

export interface TestLibrary {
  library: Library;
  /** The temp folder holding the source (`src/`), the library (`lib/`) and anything else. */
  dir: string;
  source: string;
  cleanup(): Promise<void>;
}

/**
 * @example const t = await builtLibrary(['Landscape_1.jpg', ['p3.png', 'a b+c.png']]);
 */
export async function builtLibrary(
  files: readonly (string | readonly [string, string])[],
): Promise<TestLibrary> {
  const tmp = await makeTempDir('thumbdesk-publish-');
  const source = path.join(tmp.dir, 'src');
  await copyFixtures(source, files);
  const library = Library.open(path.join(tmp.dir, 'lib'), { concurrency: 2 });
  library.importPresets(CARD_PRESETS);
  await library.addSource(source);
  await library.generate();
  return {
    library,
    dir: tmp.dir,
    source,
    async cleanup() {
      library.close();
      await tmp.cleanup();
    },
  };
}
