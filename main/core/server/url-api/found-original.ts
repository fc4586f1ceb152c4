/**
 * The original a URL names, as the catalog's owner found it, and the check that its file is
 * still what the catalog saw: a stat, which the HTTP thread runs itself (no catalog needed).
 */
import { statSync } from 'node:fs';
import type { OriginalRow } from '../../catalog/originals.js';
import type { SourceRow } from '../../catalog/sources.js';
import type { SourceFacts } from '../../imaging/render-spec.js';

export interface FoundOriginal {
  source: SourceRow;
  row: OriginalRow & { hash: string };
  facts: SourceFacts;
  absPath: string;
}

/**
 * Whether the file still has the size and mtime the catalog saw. Synchronous on purpose: a
 * stat of a local file takes microseconds, while a round trip through libuv's thread pool
 * halves the rate of cached answers.
 * @example if (!isUnchanged(absPath, row)) await lookup.rescan(source, relPath);
 */
export function isUnchanged(absPath: string, row: Pick<OriginalRow, 'size' | 'mtime_ms'>): boolean {
  try {
    const info = statSync(absPath, { throwIfNoEntry: false });
    return info !== undefined && info.size === row.size && info.mtimeMs === row.mtime_ms;
  } catch {
    return false;
  }
}
