import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures.js';
import { CatalogError, openDatabase, type Db } from './database.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let file: string;
const open: Db[] = [];
const openTracked = (...args: Parameters<typeof openDatabase>) => {
  const db = openDatabase(...args);
  open.push(db);
  return db;
};

beforeEach(async () => {
  tmp = await makeTempDir();
  file = path.join(tmp.dir, 'catalog.sqlite');
});
afterEach(async () => {
  for (const db of open.splice(0)) if (db.open) db.close();
  await tmp.cleanup();
});

describe('openDatabase', () => {
  it('records every migration, in order, once', () => {
    const db = openTracked(file);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(MIGRATIONS.at(-1)!.version).toBe(SCHEMA_VERSION);
    db.close();
    // Reopening applies nothing again.
    const again = openTracked(file);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length,
    });
  });

  it('migrates a catalog made by an older version, keeping its data', () => {
    const first = MIGRATIONS.slice(0, 1);
    const old = openTracked(file, first);
    old
      .prepare('INSERT INTO sources (name, path, added_at) VALUES (?, ?, ?)')
      .run('photos', '/photos', 1);
    old.close();
    const next: Migration = {
      version: 99,
      name: 'test column',
      sql: 'ALTER TABLE sources ADD COLUMN note TEXT',
    };
    const db = openTracked(file, [...MIGRATIONS, next]);
    expect(db.prepare('SELECT name, note FROM sources').all()).toEqual([
      { name: 'photos', note: null },
    ]);
    expect(
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v,
    ).toBe(99);
  });

  it('refuses a catalog written by a newer version, and leaves it as it was', () => {
    openTracked(file).close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(SCHEMA_VERSION + 1, 'from the future', Date.now());
    raw.close();
    expect(() => openTracked(file)).toThrow(CatalogError);
    expect(() => openTracked(file)).toThrow(/newer/);
    const check = new Database(file, { readonly: true });
    expect(
      (check.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v,
    ).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('rolls back a migration that fails, recording nothing', () => {
    const broken: Migration = {
      version: 99,
      name: 'broken',
      sql: 'CREATE TABLE half (id INTEGER); SELECT no_such_function();',
    };
    expect(() => openTracked(file, [...MIGRATIONS, broken])).toThrow(/no_such_function/);
    const db = openTracked(file);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    expect(
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v,
    ).toBe(SCHEMA_VERSION);
  });

  it('uses WAL, foreign keys and a busy timeout, and passes an integrity check', () => {
    const db = openTracked(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('says what is wrong with a file that is not a catalog', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'this is not a database, just words that go on for a while '.repeat(20));
    expect(() => openTracked(file)).toThrow(CatalogError);
    expect(() => openTracked(tmp.dir)).toThrow(/cannot open catalog/);
  });
});
