/**
 * Which surrogate keys a catalog change makes stale: an original whose bytes (hash), focal
 * point or exclusion changed, or whose row went (the file left its source, or its source was
 * removed), and a preset whose recipe or name changed or that was deleted. New originals and
 * presets purge nothing: nothing could have cached them. It keeps the last state it saw and
 * compares the whole catalog with it: one pass over `originals`, tens of ms for 100,000 rows,
 * and only when something wrote to the catalog.
 */
import type { Db } from '../catalog/database.js';
import { stmt } from '../catalog/statements.js';
import { originalKey, presetKey } from './surrogate-keys.js';

interface OriginalState {
  key: string;
  /** What an image answer depends on besides the recipe. */
  fingerprint: string;
}

/**
 * @example
 * const changes = new CatalogChanges(db);
 * // … a scan or a preset save later:
 * purger.purge(changes.staleKeys());
 */
export class CatalogChanges {
  private originals: Map<number, OriginalState>;
  private presets: Map<string, string>;

  constructor(private readonly db: Db) {
    this.originals = this.readOriginals(new Map());
    this.presets = this.readPresets();
  }

  /** The keys whose answers changed since the last call (or since construction). */
  staleKeys(): string[] {
    const stale = new Set<string>();
    const originals = this.readOriginals(this.originals);
    for (const [id, before] of this.originals) {
      if (originals.get(id)?.fingerprint !== before.fingerprint) stale.add(before.key);
    }
    this.originals = originals;
    const presets = this.readPresets();
    for (const [name, recipe] of this.presets) {
      if (presets.get(name) !== recipe) stale.add(presetKey(name));
    }
    this.presets = presets;
    return [...stale];
  }

  /** An id keeps its source and path for life, so its key is hashed once, not on every check. */
  private readOriginals(before: ReadonlyMap<number, OriginalState>): Map<number, OriginalState> {
    const rows = stmt(
      this.db,
      `SELECT id, source_id, rel_path, hash, excluded_at, focal_x, focal_y FROM originals
       WHERE is_image = 1`,
    ).all() as {
      id: number;
      source_id: number;
      rel_path: string;
      hash: string | null;
      excluded_at: number | null;
      focal_x: number | null;
      focal_y: number | null;
    }[];
    return new Map(
      rows.map((row) => [
        row.id,
        {
          key: before.get(row.id)?.key ?? originalKey(row.source_id, row.rel_path),
          fingerprint: `${row.hash} ${row.excluded_at !== null} ${row.focal_x} ${row.focal_y}`,
        },
      ]),
    );
  }

  private readPresets(): Map<string, string> {
    const rows = stmt(this.db, 'SELECT name, recipe_hash FROM presets').all() as {
      name: string;
      recipe_hash: string;
    }[];
    return new Map(rows.map((row) => [row.name, row.recipe_hash]));
  }
}
