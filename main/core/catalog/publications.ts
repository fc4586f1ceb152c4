/**
 * Publication records: which bytes (by our SHA-256) are at which key of a location. A record is
 * written only after the store confirmed the object, so the records never claim more than is
 * there.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface PublicationRow {
  location: string;
  key: string;
  sha256: string;
  bytes: number;
  content_type: string;
  published_at: number;
}

/** Every record of a location, by key. */
export function publicationsAt(db: Db, location: string): Map<string, PublicationRow> {
  const rows = stmt(db, 'SELECT * FROM publications WHERE location = ?').all(
    location,
  ) as PublicationRow[];
  return new Map(rows.map((r) => [r.key, r]));
}

export function recordPublication(db: Db, row: Omit<PublicationRow, 'published_at'>): void {
  stmt(
    db,
    `INSERT INTO publications (location, key, sha256, bytes, content_type, published_at)
     VALUES (@location, @key, @sha256, @bytes, @content_type, @published_at)
     ON CONFLICT (location, key) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes,
       content_type = excluded.content_type, published_at = excluded.published_at`,
  ).run({ ...row, published_at: Date.now() });
}

export function forgetPublication(db: Db, location: string, key: string): void {
  stmt(db, 'DELETE FROM publications WHERE location = ? AND key = ?').run(location, key);
}

/** The SHA-256 and size recorded for a cache file, if it was hashed before. */
export function cachedFileHash(
  db: Db,
  file: string,
): { sha256: string; bytes: number } | undefined {
  return stmt(db, 'SELECT sha256, bytes FROM cache_file_hashes WHERE file = ?').get(file) as
    { sha256: string; bytes: number } | undefined;
}

export function rememberFileHash(db: Db, file: string, sha256: string, bytes: number): void {
  stmt(db, 'INSERT OR REPLACE INTO cache_file_hashes (file, sha256, bytes) VALUES (?, ?, ?)').run(
    file,
    sha256,
    bytes,
  );
}
