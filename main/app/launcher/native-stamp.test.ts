import { describe, expect, it } from 'vitest';
import { nativeBuildNeed, parseStamp, type NativeStamp } from './native-stamp.js';

const expected: NativeStamp = {
  electron: '45.5.0',
  abi: '150',
  betterSqlite3: '12.9.0',
  platform: 'linux',
  arch: 'x64',
};

describe('nativeBuildNeed', () => {
  it('reuses a build whose stamp matches in every field', () => {
    expect(nativeBuildNeed(expected, { addonExists: true, stamp: { ...expected } })).toEqual({
      build: false,
    });
  });

  it('builds when the addon is missing, whatever the stamp says', () => {
    expect(nativeBuildNeed(expected, { addonExists: false, stamp: expected })).toEqual({
      build: true,
      reason: 'it has not been built yet',
    });
  });

  it('builds when an addon has no stamp (made by an older script, or by hand)', () => {
    expect(nativeBuildNeed(expected, { addonExists: true, stamp: null })).toEqual({
      build: true,
      reason: 'the existing build has no stamp',
    });
  });

  it.each([
    ['electron', '38.2.0'],
    ['abi', '139'],
    ['betterSqlite3', '12.4.1'],
    ['platform', 'darwin'],
    ['arch', 'arm64'],
  ] as const)('builds again when the stamp names another %s', (field, value) => {
    const need = nativeBuildNeed(expected, {
      addonExists: true,
      stamp: { ...expected, [field]: value },
    });
    expect(need.build).toBe(true);
    expect(need.build && need.reason).toContain(value);
  });
});

describe('parseStamp', () => {
  it('reads a stamp and refuses text that is not one', () => {
    expect(parseStamp(JSON.stringify(expected))).toEqual(expected);
    expect(parseStamp(null)).toBeNull();
    expect(parseStamp('{not json')).toBeNull();
    expect(parseStamp(JSON.stringify({ ...expected, abi: 150 }))).toBeNull();
  });
});
