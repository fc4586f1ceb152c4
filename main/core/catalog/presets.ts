/**
 * Presets: recipes stored as JSON with their recipe hash.
 */
import { isColour } from '../../../shared/colour.js';
import { withPresetDefaults, type Preset, type PresetInput } from '../../../shared/preset.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface StoredPreset {
  id: number;
  preset: Preset;
  recipeHash: string;
}

interface PresetRow {
  id: number;
  name: string;
  recipe: string;
  recipe_hash: string;
}

/**
 * A stored recipe as a preset. Every recipe was validated before it was stored, so it is not
 * parsed by the schema again (that would load zod into every process that reads the catalog);
 * a field added since it was stored reads as its default. A background saved before colours
 * were checked whole (`zzzz`, `rgb(1,2)`: issue 9) never rendered; it reads as the default
 * rather than making every preset of the library unreadable.
 */
function storedPreset(recipe: string): Preset {
  const { background, ...rest } = JSON.parse(recipe) as PresetInput;
  const readable = typeof background === 'string' && isColour(background);
  return withPresetDefaults(readable ? { ...rest, background } : rest);
}

function fromRow(row: PresetRow): StoredPreset {
  return { id: row.id, preset: storedPreset(row.recipe), recipeHash: row.recipe_hash };
}

export function listPresets(db: Db): StoredPreset[] {
  return (stmt(db, 'SELECT * FROM presets ORDER BY name').all() as PresetRow[]).map(fromRow);
}

export function presetByName(db: Db, name: string): StoredPreset | undefined {
  const row = stmt(db, 'SELECT * FROM presets WHERE name = ?').get(name) as PresetRow | undefined;
  return row && fromRow(row);
}

/** Adds a preset or replaces the recipe of the one with the same name (its id stays). */
export function upsertPreset(db: Db, preset: Preset, recipeHash: string): void {
  stmt(
    db,
    `INSERT INTO presets (name, recipe, recipe_hash, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET recipe = excluded.recipe,
       recipe_hash = excluded.recipe_hash, updated_at = excluded.updated_at`,
  ).run(preset.name, JSON.stringify(preset), recipeHash, Date.now());
}

export function renamePreset(db: Db, id: number, preset: Preset): void {
  stmt(db, 'UPDATE presets SET name = ?, recipe = ?, updated_at = ? WHERE id = ?').run(
    preset.name,
    JSON.stringify(preset),
    Date.now(),
    id,
  );
}

export function deletePreset(db: Db, id: number): void {
  stmt(db, 'DELETE FROM presets WHERE id = ?').run(id);
}

/**
 * When the preset with this name was last saved or renamed (epoch ms); undefined if none is.
 * @example const at = presetUpdatedAt(db, 'thumb');
 */
export function presetUpdatedAt(db: Db, name: string): number | undefined {
  const row = stmt(db, 'SELECT updated_at FROM presets WHERE name = ?').get(name) as
    { updated_at: number } | undefined;
  return row?.updated_at;
}
