import { describe, expect, it } from 'vitest';
import { acceptedFormats, negotiateFormat } from './accept.js';

describe('Accept negotiation', () => {
  const all = ['avif', 'webp', 'jpeg'] as const;
  it('prefers AVIF, then WebP, when the client names them', () => {
    expect(
      negotiateFormat(all, acceptedFormats('image/avif,image/webp,image/apng,*/*;q=0.8')),
    ).toBe('avif');
    expect(negotiateFormat(all, acceptedFormats('image/webp,*/*'))).toBe('webp');
    expect(negotiateFormat(all, acceptedFormats('image/avif;q=0, image/webp;q=0.5'))).toBe('webp');
  });
  it('falls back to what every client reads', () => {
    expect(negotiateFormat(all, acceptedFormats('*/*'))).toBe('jpeg');
    expect(negotiateFormat(all, acceptedFormats(undefined))).toBe('jpeg');
    expect(negotiateFormat(['avif', 'webp', 'png'], acceptedFormats('image/*'))).toBe('png');
  });
  it('answers with the only candidate when none is acceptable', () => {
    expect(negotiateFormat(['avif'], acceptedFormats('image/jpeg'))).toBe('avif');
    expect(negotiateFormat(['webp', 'gif'], acceptedFormats('image/avif'))).toBe('gif');
  });
  it('gives headers that name the same formats the same frozen list, to remember answers by', () => {
    const both = acceptedFormats('image/avif,image/webp,image/apng,*/*;q=0.8');
    expect(both).toEqual(['avif', 'webp']);
    expect(acceptedFormats('image/webp, image/avif;q=0.9')).toBe(both);
    expect(Object.isFrozen(both)).toBe(true);
    expect(acceptedFormats('image/webp')).toBe(acceptedFormats('image/jpeg, image/webp'));
    expect(acceptedFormats('image/webp')).not.toBe(both);
    expect(acceptedFormats(undefined)).toBe(acceptedFormats('*/*'));
  });
});
