/**
 * The image paths the URL API answered, noted on the HTTP thread and sent to the catalog's owner
 * in batches (`serve --purge`: a purge by key names the paths answered under it, for CloudFront
 * and webhooks). A path new to this thread goes within SOON_MS, so it is recorded before a change
 * that follows it is purged; a path sent within the last RESEND_MS waits until then (the owner
 * records it again only if a purge took it meanwhile), so a stream of cached answers costs one
 * entry a second per path, not a message per answer.
 */
import type { AnsweredPathList, UrlCatalog } from './url-catalog.js';

const SOON_MS = 50;
const RESEND_MS = 1000;
// A burst of distinct paths goes at once past this, so that no single message grows long.
const FLUSH_PATHS = 1000;
// Paths remembered as sent; past it the memory starts over (a path sent again is harmless).
const MAX_REMEMBERED = 100_000;

/**
 * @example
 * const notes = new AnsweredNotes(catalog, log);
 * notes.note('/insecure/w:300/plain/local:///photos/a.jpg', ['o-0123456789abcdef']); // per answer
 * await notes.flush(); // at shutdown
 */
export class AnsweredNotes {
  private soon = new Map<string, readonly string[]>();
  private later = new Map<string, readonly string[]>();
  private readonly sentAt = new Map<string, number>();
  private soonTimer: NodeJS.Timeout | undefined;
  private laterTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: Pick<UrlCatalog, 'answered'>,
    private readonly log: (message: string) => void,
  ) {}

  /** Notes that `path` was answered with these surrogate keys. */
  note(path: string, keys: readonly string[]): void {
    if (this.soon.has(path) || this.later.has(path)) return;
    const sent = this.sentAt.get(path);
    // Unref'd: notes never keep a process alive; flush() sends them at shutdown.
    const which = sent !== undefined && Date.now() - sent < RESEND_MS ? 'later' : 'soon';
    this[which].set(path, keys);
    if (this[which].size >= FLUSH_PATHS) void this.send(which);
    else if (which === 'soon')
      this.soonTimer ??= setTimeout(() => this.send('soon'), SOON_MS).unref();
    else this.laterTimer ??= setTimeout(() => this.send('later'), RESEND_MS).unref();
  }

  /** Sends every path noted so far. */
  async flush(): Promise<void> {
    await Promise.all([this.send('soon'), this.send('later')]);
  }

  private async send(which: 'soon' | 'later'): Promise<void> {
    const paths: AnsweredPathList = [...this[which]];
    this[which] = new Map();
    clearTimeout(which === 'soon' ? this.soonTimer : this.laterTimer);
    if (which === 'soon') this.soonTimer = undefined;
    else this.laterTimer = undefined;
    if (paths.length === 0) return;
    if (this.sentAt.size + paths.length > MAX_REMEMBERED) this.sentAt.clear();
    const now = Date.now();
    for (const [path] of paths) this.sentAt.set(path, now);
    try {
      await this.catalog.answered(paths);
    } catch (error) {
      // Off the answers' path: a busy catalog costs paths to invalidate, not images.
      this.log(`url api: recording ${paths.length} answered path(s): ${(error as Error).message}`);
    }
  }
}
