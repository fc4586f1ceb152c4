import { describe, expect, it } from 'vitest';
import { presetDefaults, qualityFor } from './preset.js';
import { parsePreset, parsePresetFile, PresetError } from './preset-schema.js';

/** The issues a preset input raises, as `path: message`. */
function issuesOf(input: unknown): string[] {
  try {
    parsePreset(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PresetError);
    return (error as PresetError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the preset to be refused');
}

describe('preset schema', () => {
  it('fills in the documented defaults', () => {
    expect(parsePreset({ name: 'thumb', width: 320 })).toEqual({
      name: 'thumb',
      width: 320,
      fit: 'inside',
      position: 'centre',
      enlarge: false,
      formats: ['original'],
      densities: [1],
      background: '#ffffff',
      metadata: 'strip',
      sharpen: false,
      animation: 'keep',
    });
  });

  it('gives a preset of defaults alone, with no box', () => {
    const { width, ...defaults } = parsePreset({ name: 'url', width: 1 });
    expect(width).toBe(1);
    expect(presetDefaults('url')).toStrictEqual(defaults);
    expect(() => parsePreset(presetDefaults('url'))).toThrow(/needs a width or a height/);
  });

  it('reads a file of two presets, with qualities by format and densities', () => {
    const file = parsePresetFile({
      presets: [
        {
          name: 'card',
          width: 640,
          height: 480,
          fit: 'cover',
          position: 'attention',
          formats: ['avif', 'webp', 'jpeg'],
          quality: { jpeg: 82, webp: 80, avif: 55 },
          densities: [1, 2],
        },
        { name: 'full', width: 1600, fit: 'inside', formats: ['webp', 'jpeg'] },
      ],
    });
    const [card, full] = file.presets;
    expect(qualityFor(card!, 'jpeg')).toBe(82);
    expect(qualityFor(card!, 'png')).toBeUndefined();
    expect(qualityFor(full!, 'webp')).toBeUndefined();
    expect(qualityFor(parsePreset({ name: 'q', width: 1, quality: 70 }), 'avif')).toBe(70);
  });

  it.each([
    [{ width: 10 }, 'name: is required'],
    [{ name: 'Big Thumb', width: 10 }, 'name: must be lower-case letters'],
    [{ name: '-x', width: 10 }, 'name: must be lower-case letters'],
    [{ name: 'x' }, 'width: needs a width or a height'],
    [{ name: 'x', width: 0 }, 'width: must be at least 1'],
    [{ name: 'x', width: 9000 }, 'width: must be at most 8192'],
    [{ name: 'x', height: 10.5 }, 'height: must be a whole number'],
    [{ name: 'x', width: '10' }, 'width: must be a number'],
    [{ name: 'x', width: 10, fit: 'crop' }, 'fit: '],
    [{ name: 'x', width: 10, position: 'middle' }, 'position: '],
    [{ name: 'x', width: 10, formats: [] }, 'formats: needs at least one format'],
    [{ name: 'x', width: 10, formats: ['jpeg', 'jpeg'] }, 'formats: lists a format twice'],
    [{ name: 'x', width: 10, formats: ['bmp'] }, 'formats.0: '],
    [{ name: 'x', width: 10, quality: 0 }, 'quality: '],
    [{ name: 'x', width: 10, quality: { webp: 101 } }, 'quality'],
    [{ name: 'x', width: 10, densities: [0.5] }, 'densities.0: must be at least 1'],
    [{ name: 'x', width: 10, densities: [2, 2] }, 'densities: lists a density twice'],
    [{ name: 'x', width: 10, background: 'url(x)' }, 'background: must be a CSS colour'],
    // Shaped like a colour but none: stored, every render would fail (issue 9).
    [{ name: 'x', width: 10, background: 'zzzz' }, 'background: must be a CSS colour'],
    [{ name: 'x', width: 10, background: 'rgb(1,2)' }, 'background: must be a CSS colour'],
    [{ name: 'x', width: 10, background: 'constructor' }, 'background: must be a CSS colour'],
    [{ name: 'x', width: 10, metadata: 'all' }, 'metadata: '],
    [{ name: 'x', width: 10, animation: 'loop' }, 'animation: '],
    [{ name: 'x', width: 10, enlarge: 'yes' }, 'enlarge: '],
    [{ name: 'x', width: 10, sharpen: 1 }, 'sharpen: '],
    [{ name: 'x', width: 10, colour: 'red' }, 'Unrecognized key: "colour"'],
  ])('refuses %j, naming the field', (input, expected) => {
    const issues = issuesOf(input);
    expect(
      issues.some((i) => i.includes(expected)),
      issues.join('; '),
    ).toBe(true);
  });

  it('puts the preset name and every field in one message', () => {
    expect(() => parsePreset({ name: 'hero', width: 0, fit: 'crop' })).toThrow(
      /^preset "hero" is not valid: .*width must be at least 1.*fit /,
    );
  });

  it('refuses a preset file with a bad field, naming its place, or a name twice', () => {
    expect(() => parsePresetFile({ presets: [{ name: 'a', width: 1 }, { name: 'b' }] })).toThrow(
      /presets\.1\.width needs a width or a height/,
    );
    expect(() => parsePresetFile({ presets: 'none' })).toThrow(/presets /);
    expect(() =>
      parsePresetFile({
        presets: [
          { name: 'a', width: 1 },
          { name: 'a', width: 2 },
        ],
      }),
    ).toThrow(/"a" appears twice/);
  });
});
