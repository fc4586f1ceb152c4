/**
 * How many derivatives saving a preset would rebuild, worked out from the plan without saving:
 * every slot whose wanted key under the new recipe differs from the key it holds. For the
 * preview before a save; a save itself counts from the plan it leaves (`countUnbuilt`).
 */
import type { Preset } from '../../../shared/preset.js';
import type { Db } from '../catalog/database.js';
import type { OriginalRow } from '../catalog/originals.js';
import { presetByName } from '../catalog/presets.js';
import { stmt } from '../catalog/statements.js';
import { recipeHash } from '../imaging/derivative-key.js';
import type { PresetChange } from '../library/library.js';
import { slotsFor } from '../library/plan.js';

/**
 * @example rebuildCount(db, { ...preset, quality: 70 }).rebuild
 */
export function rebuildCount(
  db: Db,
  preset: Preset,
  previousName?: string,
): PresetChange & { rebuild: number } {
  const existing = presetByName(db, previousName ?? preset.name);
  const hash = recipeHash(preset);
  if (existing && existing.recipeHash === hash) {
    const change = existing.preset.name === preset.name ? 'unchanged' : 'renamed';
    return { name: preset.name, change, rebuild: 0 };
  }
  const built = new Map<string, string | null>();
  if (existing) {
    const rows = stmt(
      db,
      'SELECT original_id, format, density, key FROM derivatives WHERE preset_id = ?',
    ).all(existing.id) as { original_id: number; format: string; density: number; key: string }[];
    for (const r of rows) built.set(`${r.original_id} ${r.format} ${r.density}`, r.key);
  }
  const stored = { id: existing?.id ?? 0, preset, recipeHash: hash };
  let rebuild = 0;
  for (const row of stmt(db, 'SELECT * FROM originals WHERE is_image = 1').iterate()) {
    const original = row as OriginalRow;
    for (const slot of slotsFor(original, [stored])) {
      if (built.get(`${original.id} ${slot.format} ${slot.density}`) !== slot.wantKey) rebuild++;
    }
  }
  return { name: preset.name, change: existing ? 'changed' : 'added', rebuild };
}
