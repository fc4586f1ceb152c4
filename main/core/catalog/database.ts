/**
 * Opens the catalog database: WAL, foreign keys, a busy timeout, and migrations.
 */
import { CodedError } from '../../../shared/contract/errors.js';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

export type Db = Database.Database;

/** The catalog cannot be opened or used; the message is meant for a person. */
export class CatalogError extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('refused', message, options);
    this.name = 'CatalogError';
  }
}

const BUSY_TIMEOUT_MS = 5000;

let nativeBinding: string | undefined;

/**
 * Loads better-sqlite3's compiled addon from `file` instead of its own build folder: the desktop
 * app's copy built for Electron's ABI (README, "Native modules"). A process has one ABI, so this
 * is set once, before the first catalog is opened.
 * @example useNativeBinding(path.join(appDir, 'native/electron/better_sqlite3.node'));
 */
export function useNativeBinding(file: string): void {
  nativeBinding = file;
}

/**
 * Opens (creating if needed) the catalog at `file` and brings its schema up to date.
 * A catalog written by a newer Thumbdesk is refused rather than guessed at.
 * @example const db = openDatabase('/lib/catalog.sqlite');
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS, nativeBinding });
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new CatalogError(`cannot open catalog ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only power loss can lose the
    // last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const current =
    (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null })
      .v ?? 0;
  const newest = migrations.at(-1)?.version ?? SCHEMA_VERSION;
  if (current > newest) {
    throw new CatalogError(
      `catalog ${file} was written by a newer Thumbdesk (schema ${current}; this version reads up to ${newest}). Upgrade Thumbdesk to open it.`,
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}
