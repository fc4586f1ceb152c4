/**
 * The desktop app's secret store: secrets typed into the UI, each encrypted by a cipher (Electron's
 * safeStorage, see safe-storage.ts) and kept as base64 in one JSON file beside the library, never
 * in the catalog. Electron is not imported here, so the store is tested with a stand-in cipher.
 */
import { chmod, readFile } from 'node:fs/promises';
import type { SecretSupport } from '../../shared/contract/models.js';
import { writeFileAtomic } from '../core/fs/atomic-write.js';
import type { S3Secret, SecretStore } from '../core/service/secret-store.js';

export interface Cipher {
  /** Whether encryption works here, and a warning when it protects little. */
  support(): Promise<SecretSupport>;
  encrypt(text: string): Promise<Buffer>;
  /** `stale`: the key was rotated, the text should be encrypted again. */
  decrypt(data: Buffer): Promise<{ text: string; stale: boolean }>;
}

type Entries = Record<string, string>;

/**
 * @example
 * const store = new SecretFile(path.join(app.getPath('userData'), 'secrets.json'), safeStorageCipher());
 * await store.save('target:site', { accessKeyId, secretAccessKey });
 */
export class SecretFile implements SecretStore {
  /** Writes one after another, so two saves never lose each other's entry. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  support(): Promise<SecretSupport> {
    return this.cipher.support();
  }

  async save(ref: string, secret: S3Secret): Promise<void> {
    const sealed = await this.cipher.encrypt(JSON.stringify(secret));
    await this.update((entries) => ({ ...entries, [ref]: sealed.toString('base64') }));
  }

  async load(ref: string): Promise<S3Secret | undefined> {
    const sealed = (await this.read())[ref];
    if (sealed === undefined) return undefined;
    const { text, stale } = await this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    const secret = JSON.parse(text) as S3Secret;
    if (stale) await this.save(ref, secret);
    return secret;
  }

  async remove(ref: string): Promise<void> {
    await this.update(({ [ref]: _gone, ...rest }) => rest);
  }

  private async read(): Promise<Entries> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Entries;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  private update(change: (entries: Entries) => Entries): Promise<void> {
    const next = this.writing.then(async () => {
      const entries = change(await this.read());
      await writeFileAtomic(this.file, Buffer.from(JSON.stringify(entries, null, 2)));
      // Sealed already; still, no other user needs to read even that.
      await chmod(this.file, 0o600);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
