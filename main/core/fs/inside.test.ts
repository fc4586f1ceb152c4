import { describe, expect, it } from 'vitest';
import { isInside } from './inside.js';

describe('isInside', () => {
  it('accepts what lies below the root, and the root itself only when asked', () => {
    expect(isInside('/photos', '/photos/trips/a.jpg')).toBe(true);
    expect(isInside('/photos', '/photos')).toBe(false);
    expect(isInside('/photos', '/photos/', { orSelf: true })).toBe(true);
  });

  it('accepts names that merely start with two dots', () => {
    expect(isInside('/library/uploads', '/library/uploads/..catalog.sqlite')).toBe(true);
    expect(isInside('/photos', '/photos/a/..b/c.jpg')).toBe(true);
  });

  it('refuses what leaves the root, however it is spelled', () => {
    expect(isInside('/photos', '/photos/../etc/passwd')).toBe(false);
    expect(isInside('/photos/a', '/photos')).toBe(false);
    expect(isInside('/library/uploads', '/library/..catalog.sqlite')).toBe(false);
    expect(isInside('/photos', '/photos-old/a.jpg')).toBe(false);
    expect(isInside('/photos', '/')).toBe(false);
    expect(isInside('/photos', '/etc', { orSelf: true })).toBe(false);
  });
});
