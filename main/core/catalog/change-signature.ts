/**
 * A fingerprint of each part of the catalog the UI shows: counts, sums and latest times that
 * any write to that part moves. Comparing two tells which parts another process (the CLI, a
 * `thumbdesk watch`) changed, without knowing what it did.
 */
import type { CatalogChange } from '../../../shared/contract/events.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/** One aggregate query a part: a full pass over its table, a few ms for 100,000 rows. */
const PART_QUERIES = {
  sources: 'SELECT count(*), total(id) FROM sources',
  originals: `SELECT count(*), max(scanned_at), total(excluded_at), count(error),
                total(focal_x) + total(focal_y) FROM originals`,
  presets: 'SELECT count(*), total(id), max(updated_at) FROM presets',
  derivatives: `SELECT count(*), count(want_key), count(key), max(built_at), total(bytes),
                  count(error) FROM derivatives`,
  targets: 'SELECT count(*), total(id), max(created_at) FROM targets',
  publications:
    'SELECT count(*), total(job_id), total(uploaded + deleted + failed) FROM publish_runs',
  // A serve's purges record their results here: the app's panel shows them as they happen.
  purges: 'SELECT count(*), max(last_at), total(ok + retried + failed) FROM purge_targets',
} satisfies Partial<Record<CatalogChange['what'][number], string>>;

export type SignedPart = keyof typeof PART_QUERIES;
export type CatalogSignature = Record<SignedPart, string>;

const PARTS = Object.keys(PART_QUERIES) as SignedPart[];

/**
 * @example const before = catalogSignature(db);
 */
export function catalogSignature(db: Db): CatalogSignature {
  const signature = {} as CatalogSignature;
  for (const part of PARTS) {
    signature[part] = JSON.stringify(stmt(db, PART_QUERIES[part]).raw().get());
  }
  return signature;
}

/**
 * The parts whose fingerprints differ.
 * @example changedParts(before, catalogSignature(db)) // ['presets', 'derivatives']
 */
export function changedParts(before: CatalogSignature, after: CatalogSignature): SignedPart[] {
  return PARTS.filter((part) => before[part] !== after[part]);
}
