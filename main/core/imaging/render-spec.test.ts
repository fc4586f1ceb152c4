import { describe, expect, it } from 'vitest';
import type { PresetInput } from '../../../shared/preset.js';
import { parsePreset } from '../../../shared/preset-schema.js';
import { derivativeKey, recipeHash } from './derivative-key.js';
import { planBox, renderSpecFor, resolveFormat, type SourceFacts } from './render-spec.js';

const PHOTO: SourceFacts = { format: 'jpeg', width: 600, height: 450, pages: 1, hasAlpha: false };
const preset = (input: Omit<PresetInput, 'name'>) => parsePreset({ name: 'p', ...input });

describe('resolveFormat', () => {
  it('keeps web formats and turns others into PNG (alpha) or JPEG', () => {
    expect(resolveFormat('original', { format: 'gif', hasAlpha: true })).toBe('gif');
    expect(resolveFormat('original', { format: 'tiff', hasAlpha: false })).toBe('jpeg');
    expect(resolveFormat('original', { format: 'svg', hasAlpha: true })).toBe('png');
    expect(resolveFormat('webp', { format: 'svg', hasAlpha: true })).toBe('webp');
  });
});

describe('planBox', () => {
  it('applies density and, for fixed boxes, caps by the source keeping the shape', () => {
    const box = (fit: 'cover' | 'contain' | 'inside', density: number, enlarge = false) =>
      planBox(PHOTO, { width: 400, height: 400, fit, enlarge }, density);
    expect(box('cover', 1)).toEqual({ width: 400, height: 400 });
    expect(box('cover', 2)).toEqual({ width: 450, height: 450 });
    expect(box('contain', 2)).toEqual({ width: 600, height: 600 });
    expect(box('cover', 2, true)).toEqual({ width: 800, height: 800 });
    // inside and outside leave the cap to the resize itself.
    expect(box('inside', 2)).toEqual({ width: 800, height: 800 });
    expect(planBox(PHOTO, { width: 250, fit: 'inside', enlarge: false }, 1.5)).toEqual({
      width: 375,
      height: undefined,
    });
  });
});

describe('renderSpecFor', () => {
  it('resolves position only where the image is cropped or padded', () => {
    const focal = { ...PHOTO, focal: { x: 0.25, y: 0.75 } };
    const cover = preset({ width: 100, height: 100, fit: 'cover', position: 'focal' });
    expect(renderSpecFor(cover, focal, 'jpeg', 1).position).toBe('focal:0.2500,0.7500');
    expect(renderSpecFor(cover, PHOTO, 'jpeg', 1).position).toBe('focal:0.5000,0.5000');
    const inside = preset({ width: 100, fit: 'inside', position: 'focal' });
    expect(renderSpecFor(inside, focal, 'jpeg', 1).position).toBe('centre');
    const contain = preset({ width: 100, height: 100, fit: 'contain', position: 'attention' });
    expect(renderSpecFor(contain, PHOTO, 'jpeg', 1).position).toBe('centre');
  });

  it('keeps animation only where the output format can hold it', () => {
    const gif = { ...PHOTO, format: 'gif' as const, pages: 10, hasAlpha: true };
    const p = preset({ width: 100 });
    expect(renderSpecFor(p, gif, 'webp', 1).animated).toBe(true);
    expect(renderSpecFor(p, gif, 'original', 1)).toMatchObject({ format: 'gif', animated: true });
    expect(renderSpecFor(p, gif, 'jpeg', 1).animated).toBe(false);
    expect(
      renderSpecFor(preset({ width: 100, animation: 'first-frame' }), gif, 'webp', 1).animated,
    ).toBe(false);
  });
});

describe('keys', () => {
  it('leave name and label out of the recipe hash, and nothing that changes bytes', () => {
    const base = preset({ width: 100, formats: ['webp'] });
    expect(recipeHash({ ...base, name: 'other', label: 'Other' })).toBe(recipeHash(base));
    expect(recipeHash({ ...base, width: 101 })).not.toBe(recipeHash(base));
    expect(recipeHash({ ...base, sharpen: true })).not.toBe(recipeHash(base));
  });

  it('make a derivative key of the content and the exact spec', () => {
    const spec = renderSpecFor(preset({ width: 100 }), PHOTO, 'webp', 1);
    const key = derivativeKey('a'.repeat(64), spec);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(derivativeKey('a'.repeat(64), { ...spec })).toBe(key);
    expect(derivativeKey('b'.repeat(64), spec)).not.toBe(key);
    expect(derivativeKey('a'.repeat(64), { ...spec, quality: 50 })).not.toBe(key);
  });
});
