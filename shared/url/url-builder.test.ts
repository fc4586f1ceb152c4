import { generateImageInfoUrl, generateImageUrl } from '@imgproxy/imgproxy-node';
import { describe, expect, it } from 'vitest';
import { imageUrl, infoUrl, srcset } from './url-builder.js';

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
const KEY = { key: hex(32), salt: hex(16) };

describe('thumbdesk/url', () => {
  it('signs as imgproxy-node (node:crypto) does, and cuts the signature to its size', async () => {
    for (const source of ['local:///photos/a.jpg', 'local:///photos/a b/ü.jpg']) {
      const ours = await imageUrl({ source }, KEY);
      const theirs = generateImageUrl({ endpoint: '', url: source, key: KEY.key, salt: KEY.salt });
      expect(ours).toBe(theirs);
      const withOptions = await imageUrl(
        { source, options: { rs: ['fill', 300, 200], q: 80, el: true }, extension: 'webp' },
        KEY,
      );
      expect(withOptions).toMatch(/^\/[\w-]{43}\/rs:fill:300:200\/q:80\/el:1\/[\w-]+\.webp$/);
      expect(withOptions.split('/')[1]).not.toBe(ours.split('/')[1]);
      const short = await imageUrl({ source, extension: 'png' }, { ...KEY, signatureSize: 8 });
      expect(short.split('/')[1]).toHaveLength(11);
    }
  });

  it('sets cb to the content version and builds srcsets by density or width', async () => {
    const hash = 'ab'.repeat(32);
    const url = await imageUrl({
      source: 'local:///p/a.jpg',
      options: { w: 10 },
      contentHash: hash,
    });
    expect(url).toMatch(/^\/insecure\/w:10\/cb:abababababababab\//);
    const dense = await srcset(
      { source: 'local:///p/a.jpg', options: { w: 300 } },
      { densities: [1, 2] },
    );
    expect(dense).toMatch(/^\/insecure\/w:300\/dpr:1\/\S+ 1x, \/insecure\/w:300\/dpr:2\/\S+ 2x$/);
    const wide = await srcset(
      { source: 'local:///p/a.jpg' },
      { widths: [320, 640] },
      undefined,
      'https://img.example',
    );
    expect(wide).toMatch(
      /^https:\/\/img\.example\/insecure\/w:320\/\S+ 320w, \S+\/w:640\/\S+ 640w$/,
    );
  });

  it('signs /info URLs as imgproxy-node does, and makes them versioned with the content hash', async () => {
    for (const source of ['local:///photos/a.jpg', 'local:///photos/a b/ü.jpg']) {
      const ours = await infoUrl({ source }, KEY);
      const theirs = generateImageInfoUrl({
        endpoint: '',
        url: source,
        key: KEY.key,
        salt: KEY.salt,
      });
      expect(ours).toBe(theirs);
      expect(ours).toMatch(/^\/info\/[\w-]{43}\/[\w-]+$/);
    }
    const versioned = await infoUrl({
      source: 'local:///p/a.jpg',
      options: { s: 0 },
      contentHash: 'ab'.repeat(32),
    });
    expect(versioned).toMatch(/^\/info\/insecure\/s:0\/cb:abababababababab\/[\w-]+$/);
  });
});
