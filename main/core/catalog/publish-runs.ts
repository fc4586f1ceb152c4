/**
 * Publish runs: the counts and errors of each publish, beside its job row (state, pid, times).
 */
import type { Db } from './database.js';
import type { JobState } from './jobs.js';
import { stmt } from './statements.js';

export interface PublishCounts {
  uploaded: number;
  unchanged: number;
  deleted: number;
  failed: number;
  waiting: number;
  repaired: number;
  bytes: number;
}

export interface PublishRunRow extends PublishCounts {
  jobId: number;
  target: string;
  location: string;
  state: JobState;
  /** The process that ran (or runs) it. */
  pid: number | null;
  /** When that process started, to tell it from a zombie or a reused PID. */
  pidStart: number | null;
  startedAt: number;
  finishedAt: number | null;
  errors: { key: string; error: string }[];
}

export function insertPublishRun(db: Db, jobId: number, target: string, location: string): void {
  stmt(db, 'INSERT INTO publish_runs (job_id, target, location) VALUES (?, ?, ?)').run(
    jobId,
    target,
    location,
  );
}

export function updatePublishRun(
  db: Db,
  jobId: number,
  counts: PublishCounts,
  errors: readonly { key: string; error: string }[],
): void {
  stmt(
    db,
    `UPDATE publish_runs SET uploaded = @uploaded, unchanged = @unchanged, deleted = @deleted,
       failed = @failed, waiting = @waiting, repaired = @repaired, bytes = @bytes,
       errors = @errors
     WHERE job_id = @jobId`,
  ).run({ ...counts, jobId, errors: JSON.stringify(errors) });
}

interface RunJoinRow extends PublishCounts {
  job_id: number;
  target: string;
  location: string;
  state: JobState;
  pid: number | null;
  pid_start: number | null;
  started_at: number;
  finished_at: number | null;
  errors: string;
}

/** The most recent publish runs, newest first, optionally of one location. */
export function recentPublishRuns(db: Db, limit: number, location?: string): PublishRunRow[] {
  const rows = stmt(
    db,
    `SELECT r.*, j.state, j.pid, j.pid_start, j.started_at, j.finished_at FROM publish_runs r
     JOIN jobs j ON j.id = r.job_id
     WHERE @location IS NULL OR r.location = @location
     ORDER BY r.job_id DESC LIMIT @limit`,
  ).all({ location: location ?? null, limit }) as RunJoinRow[];
  return rows.map(({ job_id, pid_start, started_at, finished_at, errors, ...rest }) => ({
    ...rest,
    jobId: job_id,
    pidStart: pid_start,
    startedAt: started_at,
    finishedAt: finished_at,
    errors: JSON.parse(errors) as { key: string; error: string }[],
  }));
}
