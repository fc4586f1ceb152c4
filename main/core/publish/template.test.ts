import { describe, expect, it } from 'vitest';
import { KeyError } from './keys.js';
import { checkTemplate, defaultCacheControl, keyFor, MANIFEST_CACHE_CONTROL } from './template.js';

const parts = {
  preset: 'card',
  source: 'photos',
  relPath: 'trips/2024/beach.jpeg',
  density: 1.5,
  format: 'jpeg' as const,
  sha256: '0123456789abcdef'.repeat(4),
};

describe('keys made from a template', () => {
  it('fill every placeholder from the catalog data', () => {
    expect(
      keyFor('{preset}/{source}/{dir}/{stem}/{density}/{@density}/{format}/{ext}/{hash}', parts),
    ).toBe('card/photos/photos/trips/2024/beach/1.5/@1.5x/jpeg/jpg/0123456789abcdef');
  });

  it('take the folder from the last slash and the stem from the last dot', () => {
    const at = (relPath: string) => keyFor('{dir}/{stem}{@density}.{ext}', { ...parts, relPath });
    expect(at('top.v2.png')).toBe('photos/top.v2@1.5x.jpg');
    expect(at('a/b/noext')).toBe('photos/a/b/noext@1.5x.jpg');
    // A name that starts with its only dot is all stem.
    expect(at('a/.hidden')).toBe('photos/a/.hidden@1.5x.jpg');
    expect(keyFor('{stem}{@density}.{ext}', { ...parts, density: 1 })).toBe('beach.jpg');
  });

  it('leave out a placeholder nobody knows', () => {
    expect(keyFor('{preset}/{stem}{nope}.{ext}', parts)).toBe('card/beach.jpg');
  });

  it('check the key they make', () => {
    expect(() => keyFor('{preset}//{stem}', parts)).toThrow(KeyError);
  });
});

describe('checking a template', () => {
  it('accepts {stem} or {hash} alone to tell files apart, in any folder placeholder', () => {
    for (const template of [
      '{stem}.{ext}',
      '{hash}.{ext}',
      '{preset}/{stem}.{ext}',
      '{source}/{stem}.{ext}',
      '{dir}/{stem}.{ext}',
      '{preset}/{hash}/{stem}.{ext}',
      '{format}/{density}/{stem}.{ext}',
      // No extension: the stem alone ends the key.
      '{preset}/{dir}/{stem}',
    ]) {
      expect(() => checkTemplate(template), template).not.toThrow();
    }
  });

  it('names every placeholder it knows when it meets one it does not', () => {
    expect(() => checkTemplate('{preset}/{size}/{stem}')).toThrow(
      'cannot use template "{preset}/{size}/{stem}": unknown placeholder {size}; use {preset} {source} {dir} {stem} {density} {@density} {format} {ext} {hash}',
    );
  });

  it('says why keys it would make are unsafe', () => {
    expect(() => checkTemplate('{preset}/./{stem}')).toThrow(
      'cannot use template "{preset}/./{stem}": its keys are unsafe: it has a "." segment',
    );
    expect(() => checkTemplate('{preset}.{ext}')).toThrow(
      'cannot use template "{preset}.{ext}": it needs {stem} or {hash} to tell files apart',
    );
  });
});

describe('Cache-Control by template', () => {
  it('is immutable only for content-addressed names, and the manifest is always revalidated', () => {
    expect(defaultCacheControl('{hash}.{ext}')).toBe('public, max-age=31536000, immutable');
    expect(defaultCacheControl('{stem}.{ext}')).toBe('public, max-age=3600');
    expect(MANIFEST_CACHE_CONTROL).toBe('no-cache');
  });
});
