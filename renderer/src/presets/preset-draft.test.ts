import { describe, expect, it } from 'vitest';
import { parsePreset } from '../../../shared/preset-schema.js';
import { draftFromPreset, NEW_PRESET, toPresetInput, validateDraft } from './preset-draft.js';

const valid = { ...NEW_PRESET, name: 'card', width: '640', height: '480' };

describe('the preset form draft', () => {
  it('round-trips a saved preset through the form unchanged', () => {
    const preset = parsePreset({
      name: 'card',
      width: 640,
      height: 480,
      fit: 'cover',
      position: 'focal',
      formats: ['avif', 'jpeg'],
      quality: { jpeg: 82, avif: 55 },
      densities: [1, 2],
      sharpen: true,
    });
    expect(validateDraft(draftFromPreset(preset))).toEqual({ preset, errors: {} });
  });

  it('leaves empty fields out, so the schema fills its defaults', () => {
    const input = toPresetInput({ ...valid, height: '', quality: { webp: '' } });
    expect(input.height).toBeUndefined();
    expect(input.quality).toBeUndefined();
  });

  it('names the field at fault with the message the schema gives', () => {
    expect(validateDraft({ ...valid, width: 'abc' }).errors).toEqual({
      width: 'must be a number',
    });
    expect(validateDraft({ ...valid, width: '', height: '' }).errors).toEqual({
      width: 'needs a width or a height',
    });
    expect(validateDraft({ ...valid, name: 'Card!' }).errors.name).toMatch(/^must be lower-case/);
    expect(validateDraft({ ...valid, formats: [] }).errors).toEqual({
      formats: 'needs at least one format',
    });
    expect(validateDraft({ ...valid, quality: { webp: '101' } }).errors).toEqual({
      quality: 'must be at most 100',
    });
    expect(validateDraft({ ...valid, densities: '1, 1' }).errors).toEqual({
      densities: 'lists a density twice',
    });
    expect(validateDraft({ ...valid, background: 'not a colour!' }).errors).toEqual({
      background: 'must be a CSS colour',
    });
  });
});
