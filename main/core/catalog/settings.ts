/**
 * Library-wide settings stored in the catalog.
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export function getSetting(db: Db, name: string): string | undefined {
  const row = stmt(db, 'SELECT value FROM settings WHERE name = ?').get(name) as
    { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, name: string, value: string): void {
  stmt(
    db,
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(name, value);
}
