import { describe, expect, it } from 'vitest';
import { presetSchema } from '../../../shared/preset-schema.js';
import { openDatabase } from '../catalog/database.js';
import type { OriginalRow } from '../catalog/originals.js';
import type { StoredPreset } from '../catalog/presets.js';
import { derivativeKey } from '../imaging/derivative-key.js';
import { renderSpecFor } from '../imaging/render-spec.js';
import { replan, slotsFor, sourceFactsOf } from './plan.js';

/** A scanned JPEG original, 4000 × 3000, part of the library. */
const ROW: OriginalRow = {
  id: 7,
  source_id: 1,
  rel_path: 'trip/a.jpg',
  is_image: 1,
  size: 1000,
  mtime_ms: 1,
  hash: 'c0ffee'.repeat(10),
  format: 'jpeg',
  width: 4000,
  height: 3000,
  orientation: 1,
  has_alpha: 0,
  space: 'srgb',
  icc: null,
  depth: 'uchar',
  pages: 1,
  focal_x: null,
  focal_y: null,
  placeholder: null,
  placeholder_hash: null,
  error: null,
  scanned_at: 1,
  excluded_at: null,
  focal_at: null,
};

const CARD: StoredPreset = {
  id: 3,
  preset: presetSchema.parse({
    name: 'card',
    width: 400,
    formats: ['webp', 'jpeg'],
    densities: [1, 2],
  }),
  recipeHash: 'r',
};
const WIDE: StoredPreset = {
  id: 4,
  preset: presetSchema.parse({ name: 'wide', width: 1200, formats: ['original'] }),
  recipeHash: 'r',
};

describe('the facts a render spec needs, from a catalog row', () => {
  it('reads format, size, pages, alpha and the focal point', () => {
    expect(sourceFactsOf(ROW)).toEqual({
      format: 'jpeg',
      width: 4000,
      height: 3000,
      pages: 1,
      hasAlpha: false,
      focal: undefined,
    });
    const animated = { ...ROW, pages: 12, has_alpha: 1 as const, focal_x: 0.25, focal_y: 0.75 };
    expect(sourceFactsOf(animated)).toMatchObject({
      pages: 12,
      hasAlpha: true,
      focal: { x: 0.25, y: 0.75 },
    });
    // A row scanned before pages were recorded is one page.
    expect(sourceFactsOf({ ...ROW, pages: null })?.pages).toBe(1);
  });

  it('has a focal point only when both fractions are there', () => {
    expect(sourceFactsOf({ ...ROW, focal_x: 0.5 })?.focal).toBeUndefined();
    expect(sourceFactsOf({ ...ROW, focal_y: 0.5 })?.focal).toBeUndefined();
    expect(sourceFactsOf({ ...ROW, focal_x: 0, focal_y: 0 })?.focal).toEqual({ x: 0, y: 0 });
  });

  it.each([
    ['an error', { error: 'truncated' }],
    ['no hash', { hash: null }],
    ['no format', { format: null }],
    ['no width', { width: null }],
    ['no height', { height: null }],
  ])('has none for an original with %s', (_what, change) => {
    expect(sourceFactsOf({ ...ROW, ...change })).toBeUndefined();
  });
});

describe('the slots an original should have', () => {
  it('has one per preset, format and density, each keyed by its content and spec', () => {
    const slots = slotsFor(ROW, [CARD, WIDE]);
    expect(slots.map((s) => [s.presetId, s.format, s.density])).toEqual([
      [3, 'webp', 1],
      [3, 'webp', 2],
      [3, 'jpeg', 1],
      [3, 'jpeg', 2],
      [4, 'original', 1],
    ]);
    const facts = sourceFactsOf(ROW)!;
    const spec = renderSpecFor(CARD.preset, facts, 'jpeg', 2);
    expect(slots[3]).toEqual({
      presetId: 3,
      format: 'jpeg',
      density: 2,
      spec,
      wantKey: derivativeKey(ROW.hash!, spec),
    });
    expect(new Set(slots.map((s) => s.wantKey)).size).toBe(slots.length);
  });

  it('changes every key when the original’s content changes', () => {
    const before = slotsFor(ROW, [CARD]).map((s) => s.wantKey);
    const after = slotsFor({ ...ROW, hash: 'beef'.repeat(16) }, [CARD]).map((s) => s.wantKey);
    expect(after.every((key, i) => key !== before[i])).toBe(true);
  });

  it('has none for an excluded original, a failed one, or without presets', () => {
    expect(slotsFor({ ...ROW, excluded_at: 1_700_000_000_000 }, [CARD])).toEqual([]);
    expect(slotsFor({ ...ROW, error: 'corrupt' }, [CARD])).toEqual([]);
    expect(slotsFor(ROW, [])).toEqual([]);
  });
});

describe('replanning', () => {
  it('passes over ids of originals that are gone (removed since they were named)', () => {
    const db = openDatabase(':memory:');
    expect(() => replan(db, [12345])).not.toThrow();
    expect(() => replan(db)).not.toThrow();
    db.close();
  });
});
