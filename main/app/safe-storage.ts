/**
 * Electron's safeStorage as the secret file's cipher, through its asynchronous API (Electron 39
 * and later: non-blocking, rotates keys; the synchronous one is deprecated). It also says when
 * the OS offers no real secret store, so the UI can warn before a key is typed: on Linux without
 * a keyring (`basic_text`) typed keys are accepted with that warning; they are refused only where
 * there is no encryption at all. Electron is only a type here, so the cipher is tested with a
 * stand-in for safeStorage.
 */
import type { SafeStorage } from 'electron';
import type { SecretSupport } from '../../shared/contract/models.js';
import type { Cipher } from './secret-file.js';

/** What the cipher uses of Electron's safeStorage. */
export type SafeStorageApi = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>;

const NO_ENCRYPTION =
  'This system offers no encryption for secrets, so typed keys are not accepted. Use the standard ' +
  'AWS sources instead (environment variables, ~/.aws/credentials with a profile).';
const BASIC_TEXT =
  'No OS secret store was found (no GNOME Keyring or KWallet): a typed key is encrypted with a ' +
  'key built into Electron, which any program running as you can read. Prefer a profile of ' +
  '~/.aws/credentials, or install a secret store.';

/**
 * @example new SecretFile(file, safeStorageCipher(process.platform, safeStorage))
 */
export function safeStorageCipher(platform: NodeJS.Platform, storage: SafeStorageApi): Cipher {
  return {
    async support(): Promise<SecretSupport> {
      if (!(await storage.isAsyncEncryptionAvailable())) {
        return { accepted: false, note: NO_ENCRYPTION };
      }
      const weak = platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text';
      return { accepted: true, note: weak ? BASIC_TEXT : null };
    },
    encrypt: (text) => storage.encryptStringAsync(text),
    async decrypt(data) {
      const { result, shouldReEncrypt } = await storage.decryptStringAsync(data);
      return { text: result, stale: shouldReEncrypt };
    },
  };
}
