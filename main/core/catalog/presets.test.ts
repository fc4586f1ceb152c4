import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures.js';
import { openDatabase, type Db } from './database.js';
import { listPresets, presetByName } from './presets.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Db;

beforeEach(async () => {
  tmp = await makeTempDir();
  db = openDatabase(path.join(tmp.dir, 'catalog.sqlite'));
});
afterEach(async () => {
  db.close();
  await tmp.cleanup();
});

/** A row as an older Thumbdesk wrote it, past today's checks. */
function storeRaw(name: string, recipe: object): void {
  db.prepare('INSERT INTO presets (name, recipe, recipe_hash, updated_at) VALUES (?, ?, ?, ?)').run(
    name,
    JSON.stringify({ name, ...recipe }),
    `hash-${name}`,
    0,
  );
}

describe('stored presets', () => {
  it('read a background saved before colours were checked whole as the default', () => {
    storeRaw('broken', { width: 100, background: 'zzzz' });
    storeRaw('grey', { width: 100, background: 'rgb(128, 128, 128)' });
    expect(listPresets(db).map((p) => [p.preset.name, p.preset.background])).toEqual([
      ['broken', '#ffffff'],
      ['grey', 'rgb(128, 128, 128)'],
    ]);
    expect(presetByName(db, 'broken')?.recipeHash).toBe('hash-broken');
  });
});
