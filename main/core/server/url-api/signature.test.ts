import { generateImageUrl } from '@imgproxy/imgproxy-node';
import { describe, expect, it } from 'vitest';
import { parseSigningPairs, signPath, verifySignature } from './signature.js';

// The example of imgproxy's documentation ("Signing the URL"): key "secret", salt "hello".
const DOC_PAIR = parseSigningPairs(['736563726574'], ['68656C6C6F']);
const DOC_PATH =
  '/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png';
const DOC_SIGNATURE = 'oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8';

describe('signatures', () => {
  it('match the example of imgproxy’s documentation', () => {
    expect(signPath(DOC_PAIR[0]!, DOC_PATH)).toBe(DOC_SIGNATURE);
    expect(verifySignature(DOC_SIGNATURE, DOC_PATH, DOC_PAIR)).toBe(true);
  });

  it('match what the official Node builder writes', () => {
    const key = 'aa'.repeat(32);
    const salt = 'bb'.repeat(16);
    const url = generateImageUrl({
      endpoint: 'http://x',
      url: { value: 'local:///photos/a.jpg', displayAs: 'plain' },
      options: { width: 300 },
      key,
      salt,
    });
    const [, signature, ...rest] = new URL(url).pathname.split('/');
    const pairs = parseSigningPairs([key], [salt]);
    expect(verifySignature(signature!, `/${rest.join('/')}`, pairs)).toBe(true);
  });

  it('accept any pair of several, for rotation', () => {
    const pairs = parseSigningPairs(['0011', '736563726574'], ['2233', '68656c6c6f']);
    expect(verifySignature(DOC_SIGNATURE, DOC_PATH, pairs)).toBe(true);
  });

  it('refuse wrong, truncated, repeated, padded or re-encoded signatures', () => {
    const flipped = `${DOC_SIGNATURE[0] === 'a' ? 'b' : 'a'}${DOC_SIGNATURE.slice(1)}`;
    for (const bad of [
      flipped,
      DOC_SIGNATURE.slice(0, -1),
      DOC_SIGNATURE + DOC_SIGNATURE,
      `${DOC_SIGNATURE}=`,
      Buffer.from(DOC_SIGNATURE, 'base64url').toString('base64'),
      '',
    ]) {
      expect(verifySignature(bad, DOC_PATH, DOC_PAIR), bad).toBe(false);
    }
    expect(verifySignature(DOC_SIGNATURE, `${DOC_PATH}x`, DOC_PAIR)).toBe(false);
  });

  it('refuse keys that are not hex and unpaired keys', () => {
    expect(() => parseSigningPairs(['zz'], ['00'])).toThrow(/hex/);
    expect(() => parseSigningPairs(['00', '11'], ['00'])).toThrow(/each key needs a salt/);
  });

  it('read whole hex strings of whole bytes only, trimmed, naming which is wrong', () => {
    expect(parseSigningPairs([' 0a1B2c '], ['ff\n'])).toEqual([
      { key: Buffer.from([0x0a, 0x1b, 0x2c]), salt: Buffer.from([0xff]) },
    ]);
    for (const bad of ['zz00', '00zz', '0z', '000', '']) {
      expect(() => parseSigningPairs([bad], ['00']), bad).toThrow(`key must be hex-encoded bytes`);
      expect(() => parseSigningPairs(['00'], [bad]), bad).toThrow(`salt must be hex-encoded bytes`);
    }
  });

  it('take only 43 URL-safe Base64 characters, anchored at both ends', () => {
    const path = '/rs:fit:10:10/plain/local:///a.jpg';
    const good = signPath(DOC_PAIR[0]!, path);
    expect(verifySignature(good, path, DOC_PAIR)).toBe(true);
    // The right signature with one character more before or after it is not the signature.
    expect(verifySignature(`a${good}`, path, DOC_PAIR)).toBe(false);
    expect(verifySignature(`${good}a`, path, DOC_PAIR)).toBe(false);
  });
});
