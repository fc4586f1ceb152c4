/**
 * Sources: folders registered in the library.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface SourceRow {
  id: number;
  name: string;
  path: string;
  added_at: number;
}

export function listSources(db: Db): SourceRow[] {
  return stmt(db, 'SELECT * FROM sources ORDER BY name').all() as SourceRow[];
}

export function sourceByPath(db: Db, path: string): SourceRow | undefined {
  return stmt(db, 'SELECT * FROM sources WHERE path = ?').get(path) as SourceRow | undefined;
}

export function sourceByName(db: Db, name: string): SourceRow | undefined {
  return stmt(db, 'SELECT * FROM sources WHERE name = ?').get(name) as SourceRow | undefined;
}

export function insertSource(db: Db, name: string, path: string): SourceRow {
  const info = stmt(db, 'INSERT INTO sources (name, path, added_at) VALUES (?, ?, ?)').run(
    name,
    path,
    Date.now(),
  );
  return { id: Number(info.lastInsertRowid), name, path, added_at: Date.now() };
}

/**
 * Deletes a source's row; its originals go with it (ON DELETE CASCADE), their derivatives stay
 * as orphans for gc. Answers how many originals went.
 * @example const originals = deleteSource(db, source.id);
 */
export function deleteSource(db: Db, id: number): number {
  return db.transaction(() => {
    const { n } = stmt(db, 'SELECT count(*) AS n FROM originals WHERE source_id = ?').get(id) as {
      n: number;
    };
    stmt(db, 'DELETE FROM sources WHERE id = ?').run(id);
    return n;
  })();
}
