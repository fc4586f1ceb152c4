/**
 * Numbered schema migrations. Each runs once, in order, inside one transaction, and is recorded
 * in `schema_migrations`; never edit a released migration, add the next number instead.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial catalog',
    sql: `
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL
      );

      CREATE TABLE originals (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        rel_path TEXT NOT NULL,
        is_image INTEGER NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        hash TEXT,
        format TEXT,
        width INTEGER,
        height INTEGER,
        orientation INTEGER,
        has_alpha INTEGER,
        space TEXT,
        icc TEXT,
        depth TEXT,
        pages INTEGER,
        focal_x REAL,
        focal_y REAL,
        placeholder TEXT,
        placeholder_hash TEXT,
        error TEXT,
        scanned_at INTEGER NOT NULL,
        UNIQUE (source_id, rel_path)
      );

      CREATE TABLE presets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        recipe TEXT NOT NULL,
        recipe_hash TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- One row per slot (original, preset, requested format, density). want_key is what the
      -- slot should hold now (NULL: the slot no longer belongs to the plan); key is what was
      -- built. State is a comparison of the two. original_id / preset_id become NULL when their
      -- original or preset is removed, leaving the row and its file to gc.
      CREATE TABLE derivatives (
        id INTEGER PRIMARY KEY,
        original_id INTEGER REFERENCES originals(id) ON DELETE SET NULL,
        preset_id INTEGER REFERENCES presets(id) ON DELETE SET NULL,
        format TEXT NOT NULL,
        density REAL NOT NULL,
        want_key TEXT,
        key TEXT,
        encoded TEXT,
        width INTEGER,
        height INTEGER,
        bytes INTEGER,
        file TEXT,
        error TEXT,
        failed_key TEXT,
        built_at INTEGER
      );
      CREATE UNIQUE INDEX derivatives_slot ON derivatives (original_id, preset_id, format, density)
        WHERE original_id IS NOT NULL AND preset_id IS NOT NULL;
      CREATE INDEX derivatives_preset ON derivatives (preset_id);
      CREATE INDEX derivatives_key ON derivatives (key);

      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        params TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        pid INTEGER,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        error TEXT
      );
    `,
  },
];

/** The schema version this build writes: the newest migration's number. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
