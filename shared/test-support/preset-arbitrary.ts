/**
 * fast-check generators of presets, for the property tests of the schema and of the library's
 * preset export and import.
 */
import fc from 'fast-check';
import {
  ANIMATION_MODES,
  FITS,
  METADATA_MODES,
  OUTPUT_FORMATS,
  POSITIONS,
  type PresetInput,
} from '../preset.js';

const dimension = fc.integer({ min: 1, max: 8192 });
const quality = fc.integer({ min: 1, max: 100 });

/** Hex colours: what every colour parser accepts, strict or loose. */
const colour = fc.oneof(fc.stringMatching(/^#[0-9a-f]{6}$/), fc.stringMatching(/^#[0-9A-F]{3}$/));

/**
 * Any preset the schema must accept: every field optional but the name, a width or a height.
 * @example fc.assert(fc.property(validPreset, (p) => void parsePreset(p)));
 */
export const validPreset: fc.Arbitrary<PresetInput> = fc
  .record(
    {
      name: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/),
      label: fc.string({ maxLength: 200 }),
      width: dimension,
      height: dimension,
      fit: fc.constantFrom(...FITS),
      position: fc.constantFrom(...POSITIONS),
      enlarge: fc.boolean(),
      formats: fc.uniqueArray(fc.constantFrom(...OUTPUT_FORMATS), { minLength: 1 }),
      quality: fc.oneof(
        quality,
        fc.dictionary(fc.constantFrom(...OUTPUT_FORMATS), quality, { noNullPrototype: true }),
      ),
      densities: fc.uniqueArray(fc.double({ min: 1, max: 4, noNaN: true }), {
        minLength: 1,
        maxLength: 4,
      }),
      background: colour,
      metadata: fc.constantFrom(...METADATA_MODES),
      sharpen: fc.boolean(),
      animation: fc.constantFrom(...ANIMATION_MODES),
    },
    { requiredKeys: ['name'] },
  )
  .filter((p) => p.width !== undefined || p.height !== undefined);
