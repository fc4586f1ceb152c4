/**
 * Finds the catalog row of the original a URL names, and keeps it honest: a cheap size and
 * mtime check on every request notices a file that changed, appeared or went since the last
 * scan, and that one file is rescanned (once, however many requests noticed it) before the
 * request goes on.
 */
import path from 'node:path';
import { originalByPath, type OriginalRow } from '../catalog/originals.js';
import { sourceByName, type SourceRow } from '../catalog/sources.js';
import type { Library } from '../library/library.js';
import { sourceFactsOf } from '../library/plan.js';
import type { ScanReport } from '../library/scan.js';
import { isUnchanged, type FoundOriginal } from '../server/url-api/found-original.js';
import { SingleFlight } from '../server/url-api/single-flight.js';
import type { SourceRef } from '../server/url-api/source-url.js';
import { UrlApiError } from '../server/url-api/url-api-error.js';

/**
 * @example const { row, facts, absPath } = await new OriginalLookup(library).find(ref);
 */
export class OriginalLookup {
  private readonly rescans = new SingleFlight<string, ScanReport>();

  /** `onChanged` hears of each rescan that changed the catalog (added, changed or removed a file). */
  constructor(
    private readonly library: Library,
    private readonly onChanged: () => void = () => undefined,
  ) {}

  /**
   * The original `ref` names, up to date; throws a 404 (none, or excluded from the library) or
   * 422 UrlApiError otherwise.
   */
  async find(ref: SourceRef): Promise<FoundOriginal> {
    const db = this.library.db;
    const source = sourceByName(db, ref.sourceName);
    if (!source) throw new UrlApiError(404, `no source named "${ref.sourceName}"`);
    const absPath = path.join(source.path, ...ref.relPath.split('/'));
    let row = originalByPath(db, source.id, ref.relPath);
    if (!(row && isUnchanged(absPath, row))) {
      await this.rescan(source, ref.relPath);
      row = originalByPath(db, source.id, ref.relPath);
    }
    const name = `${ref.sourceName}/${ref.relPath}`;
    if (!row) throw new UrlApiError(404, `no image at ${name}`);
    if (!row.is_image) throw new UrlApiError(404, `${name} is not an image`);
    // Excluded means "not part of what this library puts out", and a URL is output too.
    if (row.excluded_at !== null)
      throw new UrlApiError(404, `${name} is excluded from the library`);
    const facts = sourceFactsOf(row);
    if (!facts || !row.hash) {
      throw new UrlApiError(422, `${name} cannot be used: ${row.error ?? 'it was not read'}`);
    }
    return { source, row: row as OriginalRow & { hash: string }, facts, absPath };
  }

  /** Rescans one file of a source; concurrent calls for the same file share one scan. */
  rescan(source: SourceRow, relPath: string): Promise<ScanReport> {
    return this.rescans.run(`${source.id}/${relPath}`, async () => {
      const report = await this.library.rescan(source, [relPath]);
      if (report.added + report.changed + report.removed > 0) this.onChanged();
      return report;
    }).promise;
  }
}
