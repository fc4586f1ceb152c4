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
  {
    version: 2,
    name: 'publish targets, publications and runs',
    sql: `
      -- A named destination. options is JSON (template, cache-control, S3 endpoint, region,
      -- path-style, profile, a secret reference): never a secret itself.
      CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('folder', 's3')),
        destination TEXT NOT NULL,
        options TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      -- What we know is at a remote key, by our own SHA-256. location identifies the place
      -- (folder path, or endpoint + bucket + prefix), so a named target and the same place given
      -- on the command line share their records.
      CREATE TABLE publications (
        location TEXT NOT NULL,
        key TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        published_at INTEGER NOT NULL,
        PRIMARY KEY (location, key)
      ) WITHOUT ROWID;

      -- The SHA-256 of a cache file: cache files are named by derivative key and never rewritten
      -- with other bytes, so a file is hashed once, not on every publish.
      CREATE TABLE cache_file_hashes (
        file TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- One row per publish, beside its job row (state, pid, times).
      CREATE TABLE publish_runs (
        job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        location TEXT NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        waiting INTEGER NOT NULL DEFAULT 0,
        repaired INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        errors TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX publish_runs_location ON publish_runs (location);
    `,
  },
  {
    version: 3,
    name: 'url api renders',
    sql: `
      -- Results built for the URL API, one per derivative key. content_hash is the original's
      -- hash they were built from, so a row whose original changed or went is gc's to take.
      CREATE TABLE url_renders (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        original_id INTEGER REFERENCES originals(id) ON DELETE SET NULL,
        content_hash TEXT NOT NULL,
        spec TEXT NOT NULL,
        encoded TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        file TEXT NOT NULL,
        built_at INTEGER NOT NULL
      );
      CREATE INDEX url_renders_original ON url_renders (original_id);
      CREATE INDEX url_renders_file ON url_renders (file);
    `,
  },
  {
    version: 4,
    name: 'url api renders: last use; derivatives by file',
    sql: `
      -- When a URL last asked for the row's result: the URL API's size cap evicts the least
      -- recently used first. Rows from before start at their build time.
      ALTER TABLE url_renders ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0;
      UPDATE url_renders SET used_at = built_at;
      CREATE INDEX url_renders_used ON url_renders (used_at);
      -- An evicted file is deleted only when no derivative names it: one lookup per file.
      CREATE INDEX derivatives_file ON derivatives (file);
    `,
  },
  {
    version: 5,
    name: 'originals excluded from the library',
    sql: `
      -- When a person excluded the original from the library's output (NULL: it is part of it).
      -- The file stays in its source and its row stays, so a rescan keeps the mark; a file that
      -- leaves the source loses its row, and comes back included.
      ALTER TABLE originals ADD COLUMN excluded_at INTEGER;
    `,
  },
  {
    version: 6,
    name: 'jobs: the start time of the process that runs them',
    sql: `
      -- With the pid, who holds a running job (a publish's lock): a PID alone is true of a
      -- zombie and of a stranger that reused it. NULL where the system cannot tell.
      ALTER TABLE jobs ADD COLUMN pid_start INTEGER;
    `,
  },
  {
    version: 7,
    name: 'edge: paths answered by surrogate key, purge targets; when focal points were set',
    sql: `
      -- Every URL path the URL API answered, under each surrogate key it carried, beside
      -- url_renders (which holds results, not the many URLs that share one): a purge by key names
      -- these paths to caches that invalidate paths (CloudFront), after a restart too. A purge
      -- takes its paths out; the oldest go past a bound.
      CREATE TABLE url_answers (
        key TEXT NOT NULL,
        path TEXT NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (key, path)
      ) WITHOUT ROWID;
      CREATE INDEX url_answers_answered ON url_answers (answered_at);
      -- When a person last set the focal point (NULL: never, or before this column): answers
      -- that depend on it say so in Last-Modified.
      ALTER TABLE originals ADD COLUMN focal_at INTEGER;
      -- Edge caches Thumbdesk purges: set in the app (origin 'app') or named by a serve's
      -- --purge (origin 'serve', recorded when it starts). No credentials: those come from the
      -- environment. Each row also keeps how its purges went, whichever process sent them.
      CREATE TABLE purge_targets (
        target TEXT PRIMARY KEY,
        origin TEXT NOT NULL CHECK (origin IN ('app', 'serve')),
        added_at INTEGER NOT NULL,
        ok INTEGER NOT NULL DEFAULT 0,
        retried INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        keys INTEGER NOT NULL DEFAULT 0,
        last_at INTEGER,
        last_outcome TEXT,
        last_keys INTEGER,
        last_paths INTEGER,
        last_error TEXT,
        error_at INTEGER,
        error TEXT
      );
    `,
  },
];

/** The schema version this build writes: the newest migration's number. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
