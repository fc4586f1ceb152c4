/**
 * Remembers how recent URLs were resolved (original, spec, key), so that a repeated request
 * skips the catalog lookups and spec building and costs one stat. The file's size and mtime are
 * checked on every use, so a changed original is noticed at once; what lives only in the
 * catalog (a preset's recipe, a focal point, an exclusion, a source's registration) is looked
 * up again once an entry is older than its time to live.
 */
import type { RenderSpec } from '../../imaging/render-spec.js';
import { isUnchanged, type FoundOriginal } from './original-lookup.js';

export interface ResolvedAnswer {
  original: FoundOriginal;
  spec: RenderSpec;
  key: string;
  negotiated: boolean;
}

interface Entry {
  answer: ResolvedAnswer;
  expires: number;
}

/**
 * @example
 * const answer = memo.get(id) ?? memo.set(id, await resolve());
 */
export class AnswerMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  /** The remembered answer for `id` when it is young enough and its file is unchanged. */
  get(id: string, now = Date.now()): ResolvedAnswer | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const { original } = entry.answer;
    if (now < entry.expires && isUnchanged(original.absPath, original.row)) return entry.answer;
    this.entries.delete(id);
    return undefined;
  }

  set(id: string, answer: ResolvedAnswer, now = Date.now()): ResolvedAnswer {
    this.entries.delete(id);
    this.entries.set(id, { answer, expires: now + this.ttlMs });
    // Map order is insertion order: the first entries are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return answer;
  }
}
