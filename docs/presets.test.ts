import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../main/core/library/library.js';
import { makeTempDir, PROJECT_ROOT } from '../main/core/test-support/fixtures.js';
import { qualityFor } from '../shared/preset.js';
import { parsePresetFile } from '../shared/preset-schema.js';

/** The ```json blocks of docs/presets.md, in page order. */
let blocks: string[];
let tmp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  const page = await readFile(path.join(PROJECT_ROOT, 'docs', 'presets.md'), 'utf8');
  blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  tmp = await makeTempDir();
});

afterAll(() => tmp.cleanup());

describe('docs/presets.md', () => {
  it('shows a preset file the library imports, and what export gives back for it', () => {
    const [file, exported] = blocks;
    const presets = parsePresetFile(JSON.parse(file!));
    const [card, full] = presets.presets;
    expect(qualityFor(card!, 'jpeg')).toBe(82);
    expect(qualityFor(card!, 'avif')).toBe(55);
    expect(qualityFor(full!, 'webp')).toBeUndefined();

    const library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
    try {
      library.importPresets(presets);
      expect(library.exportPresets().presets[0]).toEqual(JSON.parse(exported!));
    } finally {
      library.close();
    }
  });
});
