import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { SecretFile, type Cipher } from './secret-file.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

/** A stand-in for safeStorage: reversible, and visibly not the plain text. */
function xorCipher(generation: { key: number }): Cipher {
  const flip = (data: Buffer, key: number) => Buffer.from(data.map((b) => b ^ key));
  return {
    support: async () => ({ accepted: true, note: null }),
    encrypt: async (text) =>
      Buffer.concat([Buffer.from([generation.key]), flip(Buffer.from(text), generation.key)]),
    decrypt: async (data) => ({
      text: flip(data.subarray(1), data[0]!).toString(),
      stale: data[0] !== generation.key,
    }),
  };
}

const SECRET = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

describe('SecretFile', () => {
  it('keeps secrets encrypted on disk, loads them back, and forgets them', async () => {
    const file = path.join(tmp.dir, 'secrets.json');
    const generation = { key: 0x5a };
    const store = new SecretFile(file, xorCipher(generation));
    await Promise.all([store.save('target:a', SECRET), store.save('target:b', SECRET)]);
    const onDisk = await readFile(file, 'utf8');
    expect(Object.keys(JSON.parse(onDisk) as object).sort()).toEqual(['target:a', 'target:b']);
    expect(onDisk).not.toContain(SECRET.accessKeyId);
    expect(onDisk).not.toContain(SECRET.secretAccessKey);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.load('target:a')).toEqual(SECRET);
    expect(await store.load('target:none')).toBeUndefined();

    // A rotated key: the secret still loads, and is sealed again under the new key.
    generation.key = 0x33;
    const before = await readFile(file, 'utf8');
    expect(await store.load('target:a')).toEqual(SECRET);
    expect(await readFile(file, 'utf8')).not.toBe(before);

    await store.remove('target:a');
    expect(await store.load('target:a')).toBeUndefined();
    expect(await store.load('target:b')).toEqual(SECRET);
  });
});
