/**
 * The plan: which derivative slots each original should have and the key each should hold.
 * Replanning is how invalidation happens: a changed original or preset gets new wanted keys,
 * and every slot whose built key differs is stale by comparison.
 */
import type { Db } from '../catalog/database.js';
import { planOriginal, type PlannedSlot } from '../catalog/derivatives.js';
import { originalById, type OriginalRow } from '../catalog/originals.js';
import { listPresets, type StoredPreset } from '../catalog/presets.js';
import { stmt } from '../catalog/statements.js';
import { derivativeKey } from '../imaging/derivative-key.js';
import { renderSpecFor, type RenderSpec, type SourceFacts } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';

/** The facts a render spec needs, from a catalog row; undefined when the original failed. */
export function sourceFactsOf(row: OriginalRow): SourceFacts | undefined {
  if (row.error || !row.hash || !row.format || !row.width || !row.height) return undefined;
  return {
    format: row.format as SniffedFormat,
    width: row.width,
    height: row.height,
    pages: row.pages ?? 1,
    hasAlpha: row.has_alpha === 1,
    focal:
      row.focal_x === null || row.focal_y === null ? undefined : { x: row.focal_x, y: row.focal_y },
  };
}

export interface SlotPlan extends PlannedSlot {
  spec: RenderSpec;
}

/**
 * Every slot one original should have under the given presets: none for an original excluded
 * from the library, so every path that plans (scan, preset change, generate) drops its slots.
 */
export function slotsFor(row: OriginalRow, presets: readonly StoredPreset[]): SlotPlan[] {
  const facts = sourceFactsOf(row);
  if (!facts || !row.hash || row.excluded_at !== null) return [];
  const slots: SlotPlan[] = [];
  for (const { id, preset } of presets) {
    for (const format of preset.formats) {
      for (const density of preset.densities) {
        const spec = renderSpecFor(preset, facts, format, density);
        slots.push({ presetId: id, format, density, wantKey: derivativeKey(row.hash, spec), spec });
      }
    }
  }
  return slots;
}

/**
 * Recomputes the plan of the given originals (all image originals when omitted) in one
 * transaction.
 * @example replan(db, [changedId]);
 */
export function replan(db: Db, originalIds?: readonly number[]): void {
  const presets = listPresets(db);
  const rows =
    originalIds === undefined
      ? (stmt(db, 'SELECT * FROM originals WHERE is_image = 1').all() as OriginalRow[])
      : originalIds
          .map((id) => originalById(db, id))
          .filter((row): row is OriginalRow => row !== undefined);
  db.transaction(() => {
    for (const row of rows) planOriginal(db, row.id, slotsFor(row, presets));
  })();
}
