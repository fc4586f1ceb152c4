/**
 * The image paths the URL API answered, by surrogate key, so that a purge by key can name the
 * paths too (CloudFront invalidates paths, not keys). Kept in the catalog (url_answers), so a
 * restarted serve still invalidates what it answered before; bounded: past `maxPaths` rows the
 * least recently answered go. A path is written once per process (and again once purged), so a
 * stream of cached answers costs no SQLite writes.
 */
import type { Db } from '../catalog/database.js';
import { pruneUrlAnswers, recordUrlAnswer, takeUrlAnswerPaths } from '../catalog/url-answers.js';

/** Paths kept for CloudFront and webhooks (catalog rows): a few tens of MiB at most. */
export const ANSWERED_PATHS_MAX = 100_000;

// Rows written between prunes: a prune is one indexed pass, not worth doing on every write.
const PRUNE_EVERY = 1000;

/**
 * @example
 * const answered = new AnsweredPaths(library.db, ANSWERED_PATHS_MAX);
 * answered.record('/insecure/w:300/plain/local:///a.jpg', ['o-0123456789abcdef']);
 * answered.takePathsFor(['o-0123456789abcdef']); // ['/insecure/w:300/plain/local:///a.jpg']
 */
export class AnsweredPaths {
  /** Paths this process has written already; cleared past maxPaths (a later write is harmless). */
  private readonly written = new Set<string>();
  private sincePrune = 0;

  constructor(
    private readonly db: Db,
    private readonly maxPaths: number,
  ) {}

  record(path: string, keys: readonly string[]): void {
    if (this.written.has(path)) return;
    recordUrlAnswer(this.db, path, keys);
    if (this.written.size >= this.maxPaths) this.written.clear();
    this.written.add(path);
    this.sincePrune += keys.length;
    if (this.sincePrune >= Math.min(PRUNE_EVERY, this.maxPaths)) {
      this.sincePrune = 0;
      pruneUrlAnswers(this.db, this.maxPaths);
    }
  }

  /** The paths answered under any of `keys`, each once; they are forgotten, as purged. */
  takePathsFor(keys: readonly string[]): string[] {
    const paths = takeUrlAnswerPaths(this.db, keys);
    for (const path of paths) this.written.delete(path);
    return paths;
  }
}
