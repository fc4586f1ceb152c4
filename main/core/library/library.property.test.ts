/**
 * The library's preset export and import as a property, through real SQLite catalogs: any set of
 * valid presets imported into one library comes out of its export as they went in, and the
 * exported file (as `thumbdesk presets export` prints it) imported into a second library exports
 * the same again.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Preset } from '../../../shared/preset.js';
import { parsePreset, parsePresetFile } from '../../../shared/preset-schema.js';
import { validPreset } from '../../../shared/test-support/preset-arbitrary.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

let first: TempLibrary;
let second: TempLibrary;

beforeAll(async () => {
  first = await tempLibrary();
  second = await tempLibrary();
});

afterAll(async () => {
  await first?.cleanup();
  await second?.cleanup();
});

/** The presets of `exported` named in `names`, by name. */
function named(exported: readonly Preset[], names: readonly string[]): Preset[] {
  return exported
    .filter((p) => names.includes(p.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('preset export and import, as a property', () => {
  it('keeps any valid presets unchanged from one library to another', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(validPreset, { selector: (p) => p.name, minLength: 1, maxLength: 4 }),
        (inputs) => {
          const presets = inputs.map((input) => parsePreset(input));
          const names = presets.map((p) => p.name);
          const expected = [...presets].sort((a, b) => a.name.localeCompare(b.name));
          first.library.importPresets(parsePresetFile({ presets }));
          const text = JSON.stringify(first.library.exportPresets(), null, 2);
          expect(named(parsePresetFile(JSON.parse(text)).presets, names)).toStrictEqual(expected);
          second.library.importPresets(parsePresetFile(JSON.parse(text)));
          expect(named(second.library.exportPresets().presets, names)).toStrictEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
