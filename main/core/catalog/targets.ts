/**
 * Publish targets: named destinations with their options (never their secrets).
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface TargetRow {
  id: number;
  name: string;
  kind: 'folder' | 's3';
  destination: string;
  /** JSON of TargetOptions (main/core/publish/target.ts). */
  options: string;
  created_at: number;
}

export function listTargetRows(db: Db): TargetRow[] {
  return stmt(db, 'SELECT * FROM targets ORDER BY name').all() as TargetRow[];
}

export function targetRowByName(db: Db, name: string): TargetRow | undefined {
  return stmt(db, 'SELECT * FROM targets WHERE name = ?').get(name) as TargetRow | undefined;
}

export function insertTargetRow(
  db: Db,
  row: Pick<TargetRow, 'name' | 'kind' | 'destination' | 'options'>,
): void {
  stmt(
    db,
    'INSERT INTO targets (name, kind, destination, options, created_at) VALUES (@name, @kind, @destination, @options, @created_at)',
  ).run({ ...row, created_at: Date.now() });
}

/** Returns whether a target of that name existed. */
export function deleteTargetRow(db: Db, name: string): boolean {
  return stmt(db, 'DELETE FROM targets WHERE name = ?').run(name).changes > 0;
}
