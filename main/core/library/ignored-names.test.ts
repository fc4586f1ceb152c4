import { describe, expect, it } from 'vitest';
import { isIgnoredName } from './ignored-names.js';

describe('isIgnoredName', () => {
  it.each([
    '.hidden.jpg',
    '.tmp-123-ab12-photo.jpg',
    '.#photo.jpg',
    '.photo.jpg.swp',
    'photo.jpg.swp',
    'photo.jpg.swo',
    'photo.jpg~',
    'photo.jpg.tmp',
    'PHOTO.TMP',
    '4913',
    '#photo.jpg#',
    'photo.jpg.crdownload',
    'photo.jpg.part',
  ])('ignores %s', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });

  it.each(['photo.jpg', 'tmp.jpg', 'swp.png', '49130.jpg', 'photo#1.jpg', 'part.webp'])(
    'keeps %s',
    (name) => {
      expect(isIgnoredName(name)).toBe(false);
    },
  );
});
