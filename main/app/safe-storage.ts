/**
 * Electron's safeStorage as the secret file's cipher: the asynchronous API where this Electron
 * has it (it is non-blocking and rotates keys), else the synchronous one. It also says when the
 * OS offers no real secret store, so the UI can warn before a key is typed.
 */
import { safeStorage } from 'electron';
import type { SecretSupport } from '../../shared/contract/models.js';
import type { Cipher } from './secret-file.js';

/** The asynchronous API (Electron 39 and later); older typings do not know it. */
interface AsyncSafeStorage {
  isAsyncEncryptionAvailable?: () => Promise<boolean>;
  encryptStringAsync?: (text: string) => Promise<Buffer>;
  decryptStringAsync?: (data: Buffer) => Promise<{ result: string; shouldReEncrypt: boolean }>;
}

const NO_ENCRYPTION =
  'This system offers no encryption for secrets, so typed keys are not accepted. Use the standard ' +
  'AWS sources instead (environment variables, ~/.aws/credentials with a profile).';
const BASIC_TEXT =
  'No OS secret store was found (no GNOME Keyring or KWallet): a typed key is encrypted with a ' +
  'key built into Electron, which any program running as you can read. Prefer a profile of ' +
  '~/.aws/credentials, or install a secret store.';

/**
 * @example new SecretFile(file, safeStorageCipher(process.platform))
 */
export function safeStorageCipher(platform: NodeJS.Platform): Cipher {
  const storage = safeStorage as typeof safeStorage & AsyncSafeStorage;
  return {
    async support(): Promise<SecretSupport> {
      const available = storage.isAsyncEncryptionAvailable
        ? await storage.isAsyncEncryptionAvailable()
        : storage.isEncryptionAvailable();
      if (!available) return { accepted: false, note: NO_ENCRYPTION };
      const weak = platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text';
      return { accepted: true, note: weak ? BASIC_TEXT : null };
    },
    async encrypt(text) {
      return storage.encryptStringAsync
        ? storage.encryptStringAsync(text)
        : storage.encryptString(text);
    },
    async decrypt(data) {
      if (!storage.decryptStringAsync) return { text: storage.decryptString(data), stale: false };
      const { result, shouldReEncrypt } = await storage.decryptStringAsync(data);
      return { text: result, stale: shouldReEncrypt };
    },
  };
}
