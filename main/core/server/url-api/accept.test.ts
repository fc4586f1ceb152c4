import { describe, expect, it } from 'vitest';
import { negotiateFormat } from './accept.js';

describe('Accept negotiation', () => {
  const all = ['avif', 'webp', 'jpeg'] as const;
  it('prefers AVIF, then WebP, when the client names them', () => {
    expect(negotiateFormat(all, 'image/avif,image/webp,image/apng,*/*;q=0.8')).toBe('avif');
    expect(negotiateFormat(all, 'image/webp,*/*')).toBe('webp');
    expect(negotiateFormat(all, 'image/avif;q=0, image/webp;q=0.5')).toBe('webp');
  });
  it('falls back to what every client reads', () => {
    expect(negotiateFormat(all, '*/*')).toBe('jpeg');
    expect(negotiateFormat(all, undefined)).toBe('jpeg');
    expect(negotiateFormat(['avif', 'webp', 'png'], 'image/*')).toBe('png');
  });
  it('answers with the only candidate when none is acceptable', () => {
    expect(negotiateFormat(['avif'], 'image/jpeg')).toBe('avif');
    expect(negotiateFormat(['webp', 'gif'], 'image/avif')).toBe('gif');
  });
});
