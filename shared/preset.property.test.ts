/**
 * Properties of the preset schema over generated presets: any valid preset survives an export
 * (JSON, as `thumbdesk presets export` writes it) and an import unchanged; a preset with one
 * field set to a value the schema forbids is refused with a reason naming that field; and no
 * input whatever makes the schema throw anything but a PresetError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withPresetDefaults } from './preset.js';
import { parsePreset, parsePresetFile, PresetError } from './preset-schema.js';
import { stableStringify } from './stable-json.js';
import { validPreset } from './test-support/preset-arbitrary.js';

/** For each field, values the schema must refuse, with the field they are refused under. */
const INVALID: Record<string, unknown[]> = {
  name: ['', 'Card', '-card', 'a b', 'a'.repeat(65), 'é', 5, null],
  label: ['x'.repeat(201), 5],
  width: [0, -1, 1.5, 8193, '100', Number.NaN, Number.POSITIVE_INFINITY, null],
  height: [0, -1, 1.5, 8193, '100', null],
  fit: ['crop', '', 1, '__proto__'],
  position: ['middle', 'toString', ''],
  enlarge: ['yes', 1, null],
  formats: [[], ['exe'], ['jpeg', 'jpeg'], 'jpeg', ['__proto__']],
  quality: [0, 101, 50.5, '80', { jpeg: 0 }, { exe: 50 }, { jpeg: 101 }],
  densities: [[], [0], [5], [1, 1], [0.5], 'x'],
  background: ['zzzz', 'rgb(1,2)', '', '#12', '#12345', 'url(x)', 'red; x', 5, null],
  metadata: ['all', ''],
  sharpen: ['true', 1],
  animation: ['loop', ''],
};

/** The paths of the issues a refused input raised; fails the property on any other throw. */
function refusedAt(input: unknown): string[] | undefined {
  try {
    parsePreset(input);
    return undefined;
  } catch (error) {
    if (!(error instanceof PresetError)) throw error;
    return error.issues.map((issue) => issue.path);
  }
}

describe('preset schema, as properties', () => {
  it('keeps any valid preset unchanged through export and import', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(validPreset, { selector: (p) => p.name, maxLength: 5 }),
        (inputs) => {
          const presets = inputs.map((input) => parsePreset(input));
          const exported = JSON.stringify({ presets }, null, 2);
          expect(parsePresetFile(JSON.parse(exported)).presets).toStrictEqual(presets);
          for (const preset of presets) expect(parsePreset(preset)).toStrictEqual(preset);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills in what a valid preset leaves out exactly as the schema does', () => {
    // Stored presets are read with withPresetDefaults (no zod); what it gives, and the recipe
    // hash taken of it, must be the schema's, or reading a library would make derivatives stale.
    fc.assert(
      fc.property(validPreset, (input) => {
        const parsed = parsePreset(input);
        const filled = withPresetDefaults(input);
        expect(filled).toEqual(parsed);
        expect(stableStringify(filled)).toBe(stableStringify(parsed));
        expect(withPresetDefaults(JSON.parse(JSON.stringify(parsed)))).toStrictEqual(parsed);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses one forbidden value with a reason naming its field', () => {
    const oneBadField = fc.constantFrom(...Object.keys(INVALID)).chain((field) =>
      fc.record({
        field: fc.constant(field),
        value: fc.constantFrom(...INVALID[field]!),
        preset: validPreset,
      }),
    );
    fc.assert(
      fc.property(oneBadField, ({ field, value, preset }) => {
        // Width and height are each optional only when the other is there.
        const input = { width: 10, height: 10, ...preset, [field]: value };
        const paths = refusedAt(input);
        expect(paths, `${field}: ${JSON.stringify(value)}`).toBeDefined();
        expect(paths!.some((path) => path === field || path.startsWith(`${field}.`))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but a PresetError, whatever it is given', () => {
    const nearlyPresets = fc.oneof(
      fc.anything(),
      fc.dictionary(
        fc.constantFrom(...Object.keys(INVALID), '__proto__', 'constructor', 'extra'),
        fc.anything(),
      ),
    );
    fc.assert(
      fc.property(nearlyPresets, (input) => {
        refusedAt(input);
        try {
          parsePresetFile({ presets: [input] });
        } catch (error) {
          expect(error).toBeInstanceOf(PresetError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
