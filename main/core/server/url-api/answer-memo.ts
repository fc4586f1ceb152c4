/**
 * Remembers how recent URLs were resolved (original, spec, key), so that a repeated request
 * skips the catalog lookups and spec building. The original's size and mtime are checked again
 * on a use that comes `fileRecheckMs` or more after the last check, so a changed original is
 * noticed by the next request after that (at once, with 0): a stat costs a cached answer a
 * third of its time, and a URL asked for thousands of times a second needs it a few times.
 * What lives only in the catalog (a preset's recipe, a focal point, an exclusion, a source's
 * registration) is looked up again once an entry is older than its time to live; from half of
 * it on, a use asks for that lookup in the background (claimRefresh), so that a URL in steady
 * demand never waits for the catalog's owner and still never outlives the time to live.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import type { RenderSpec } from '../../imaging/render-spec.js';
import type { AnswerHeaders } from './answer-headers.js';
import { isUnchanged, type FoundOriginal } from './found-original.js';

export interface ResolvedAnswer {
  original: FoundOriginal;
  spec: RenderSpec;
  key: string;
  negotiated: boolean;
  /** Content-Disposition the URL asked for (`filename`, `return_attachment`). */
  disposition?: string | undefined;
  /** Answer with the original's own bytes (`raw`, `skip_processing`). */
  passthrough?: boolean | undefined;
  /** Whether the URL's cachebuster names the original's current bytes (cache-policy.ts). */
  versioned: boolean;
  /** What the answer depends on, for purges (edge/surrogate-keys.ts). */
  surrogateKeys: string[];
  /** Last-Modified: when anything the answer depends on last changed (answer-modified.ts). */
  modifiedAt: number;
  /**
   * The last millisecond the URL is valid (its `expires`, in ms): the memo never outlives it,
   * so an expired URL is refused from that moment on rather than up to its time to live later.
   */
  validUntilMs?: number | undefined;
  /** Its headers, once built (on the first request it answers). */
  headers?: AnswerHeaders;
}

interface Entry {
  answer: ResolvedAnswer;
  expires: number;
  /** From when a use asks for a lookup ahead of the expiry; Infinity once one is asked. */
  refreshAt: number;
  /** When the original's file was last found unchanged. */
  checked: number;
}

/**
 * What an answer is remembered by: the URL path (signature included, so authorized already) and
 * the formats the client accepts, as `acceptedFormats` returns them (one array per list, so the
 * array itself tells the lists apart). Nothing is built per request: the path is looked up as
 * it was read, then its few lists by identity.
 */
type Accepted = readonly EncodedFormat[];

/**
 * @example
 * const answer = memo.get(path, accepted) ?? memo.set(path, accepted, await resolve());
 */
export class AnswerMemo {
  // By path, then by list; the outer Map's order is the paths' order of last `set`.
  private readonly entries = new Map<string, Map<Accepted, Entry>>();
  private size = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly fileRecheckMs: number,
  ) {}

  /** The remembered answer when it is young enough and its file is unchanged. */
  get(path: string, accepted: Accepted, now = Date.now()): ResolvedAnswer | undefined {
    const entry = this.entries.get(path)?.get(accepted);
    if (!entry) return undefined;
    if (now < entry.expires && this.fileUnchanged(entry, now)) return entry.answer;
    this.delete(path, accepted);
    return undefined;
  }

  set(path: string, accepted: Accepted, answer: ResolvedAnswer, now = Date.now()): ResolvedAnswer {
    const lists = this.entries.get(path) ?? new Map<Accepted, Entry>();
    this.entries.delete(path);
    this.entries.set(path, lists);
    if (!lists.has(accepted)) this.size += 1;
    // An entry past its URL's expiry is gone: resolving it again refuses it with imgproxy's 400.
    const expires = Math.min(now + this.ttlMs, (answer.validUntilMs ?? Infinity) + 1);
    lists.set(accepted, { answer, expires, refreshAt: now + this.ttlMs / 2, checked: now });
    // Map order is insertion order: the first paths are the longest unset.
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      this.size -= old.size;
    }
    return answer;
  }

  /**
   * Whether the caller should resolve the answer again now, in the background, and `set` (or
   * `delete`) it: true once per entry, from half its time to live on.
   * @example if (memo.claimRefresh(path, accepted)) void resolve().then((a) => memo.set(path, accepted, a), () => memo.delete(path, accepted));
   */
  claimRefresh(path: string, accepted: Accepted, now = Date.now()): boolean {
    const entry = this.entries.get(path)?.get(accepted);
    if (!entry || now < entry.refreshAt) return false;
    entry.refreshAt = Infinity;
    return true;
  }

  /** Forgets the answer: its next use resolves it again (and answers that lookup's refusal). */
  delete(path: string, accepted: Accepted): void {
    const lists = this.entries.get(path);
    if (!lists?.delete(accepted)) return;
    this.size -= 1;
    if (lists.size === 0) this.entries.delete(path);
  }

  private fileUnchanged(entry: Entry, now: number): boolean {
    if (now - entry.checked < this.fileRecheckMs) return true;
    const { absPath, row } = entry.answer.original;
    if (!isUnchanged(absPath, row)) return false;
    entry.checked = now;
    return true;
  }
}
