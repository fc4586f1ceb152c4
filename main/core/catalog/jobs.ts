/**
 * Job records: what ran, how far it got, and how it ended.
 */
import { processStartTime } from '../jobs/process-alive.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface JobRow {
  id: number;
  kind: string;
  state: JobState;
  params: string;
  total: number;
  done: number;
  failed: number;
  bytes: number;
  pid: number | null;
  /** When that process started (see process-alive.ts); null where the system cannot tell. */
  pid_start: number | null;
  started_at: number;
  finished_at: number | null;
  error: string | null;
}

export function startJob(db: Db, kind: string, params: unknown, total: number): number {
  const info = stmt(
    db,
    `INSERT INTO jobs (kind, state, params, total, pid, pid_start, started_at)
     VALUES (?, 'running', ?, ?, ?, ?, ?)`,
  ).run(kind, JSON.stringify(params), total, process.pid, processStartTime(), Date.now());
  return Number(info.lastInsertRowid);
}

export function updateJob(
  db: Db,
  id: number,
  progress: { done: number; failed: number; bytes: number },
): void {
  stmt(db, 'UPDATE jobs SET done = @done, failed = @failed, bytes = @bytes WHERE id = @id').run({
    ...progress,
    id,
  });
}

export function finishJob(db: Db, id: number, state: JobState, error?: string): void {
  stmt(db, 'UPDATE jobs SET state = ?, finished_at = ?, error = ? WHERE id = ?').run(
    state,
    Date.now(),
    error ?? null,
    id,
  );
}

/** Marks jobs whose process died while running as interrupted. */
export function markInterruptedJobs(
  db: Db,
  isAlive: (pid: number, startTime: number | null) => boolean,
): number {
  const running = stmt(db, `SELECT id, pid, pid_start FROM jobs WHERE state = 'running'`).all() as {
    id: number;
    pid: number | null;
    pid_start: number | null;
  }[];
  let marked = 0;
  for (const job of running) {
    if (job.pid !== null && isAlive(job.pid, job.pid_start)) continue;
    finishJob(db, job.id, 'interrupted');
    marked += 1;
  }
  return marked;
}

export function recentJobs(db: Db, limit: number): JobRow[] {
  return stmt(db, 'SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[];
}
