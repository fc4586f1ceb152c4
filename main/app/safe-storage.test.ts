import { describe, expect, it } from 'vitest';
import { safeStorageCipher, type SafeStorageApi } from './safe-storage.js';

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

/**
 * A stand-in for Electron's safeStorage: "encrypts" by reversing the text, so a round trip is
 * checked, and reports the availability and Linux backend the test gives it.
 */
function standInSafeStorage(available: boolean, backend: Backend, rotated = false): SafeStorageApi {
  const flip = (text: string) => [...text].reverse().join('');
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text) => Buffer.from(flip(text)),
    decryptStringAsync: async (data) => ({
      result: flip(data.toString()),
      shouldReEncrypt: rotated,
    }),
  };
}

describe('safeStorageCipher', () => {
  it('accepts typed keys on Linux without a keyring (basic_text), with the warning', async () => {
    const cipher = safeStorageCipher('linux', standInSafeStorage(true, 'basic_text'));
    const support = await cipher.support();
    expect(support.accepted).toBe(true);
    expect(support.note).toMatch(/No OS secret store was found/);
  });

  it('accepts them without a warning where a keyring keeps the key', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet6'] as const) {
      const cipher = safeStorageCipher('linux', standInSafeStorage(true, backend));
      expect(await cipher.support()).toEqual({ accepted: true, note: null });
    }
    // basic_text is a Linux answer only; elsewhere the OS store is the Keychain or DPAPI.
    const mac = safeStorageCipher('darwin', standInSafeStorage(true, 'basic_text'));
    expect(await mac.support()).toEqual({ accepted: true, note: null });
  });

  it('refuses them only when there is no encryption at all', async () => {
    const cipher = safeStorageCipher('linux', standInSafeStorage(false, 'basic_text'));
    const support = await cipher.support();
    expect(support.accepted).toBe(false);
    expect(support.note).toMatch(/no encryption for secrets/);
  });

  it('round-trips through the async API and passes on a rotated key as stale', async () => {
    const fresh = safeStorageCipher('linux', standInSafeStorage(true, 'gnome_libsecret'));
    const sealed = await fresh.encrypt('wJalrXUtnFEMI');
    expect(sealed.toString()).not.toBe('wJalrXUtnFEMI');
    expect(await fresh.decrypt(sealed)).toEqual({ text: 'wJalrXUtnFEMI', stale: false });
    const rotated = safeStorageCipher('linux', standInSafeStorage(true, 'gnome_libsecret', true));
    expect(await rotated.decrypt(sealed)).toEqual({ text: 'wJalrXUtnFEMI', stale: true });
  });
});
