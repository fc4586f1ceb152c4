/**
 * Whether the process that took a lock (a running job, a publish, a temp file) still holds it.
 * A PID alone cannot say: a killed process lingers as a zombie while its parent does not reap
 * it (a container whose first process does not wait), and once reaped its PID is reused by a
 * stranger. So a holder is recorded as its PID and its start time (Linux: the kernel's
 * `starttime`, field 22 of /proc/<pid>/stat, in clock ticks since boot), and a holder is alive
 * only when a process with that PID runs, is not a zombie, and started at that time.
 */
import { readFileSync } from 'node:fs';

interface ProcStat {
  /** One letter: R, S, D, Z (zombie), X (dead), … */
  state: string;
  /** Clock ticks after boot at which the process started. */
  startTime: number;
}

/** A /proc/<pid>/stat line's state and start time; undefined when it does not parse. */
function parseStat(text: string): ProcStat | undefined {
  // The name (field 2) is in parentheses and may itself hold ") ": split after the last one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const startTime = Number(fields[19]);
  return fields[0] && Number.isSafeInteger(startTime) ? { state: fields[0], startTime } : undefined;
}

/** This process's own stat, read once: undefined where there is no /proc to read. */
const ownStat: ProcStat | undefined = (() => {
  try {
    return parseStat(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
})();

/**
 * /proc/<pid>/stat parsed; null when there is no such process, undefined when /proc cannot tell
 * (not Linux, or a /proc we do not understand).
 */
function readProcStat(pid: number): ProcStat | null | undefined {
  if (!ownStat) return undefined;
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

/**
 * This process's start time as a lock records it: null where the system cannot tell
 * (then a holder is judged by its PID alone).
 * @example startJob(db, 'generate', params, total) // stores process.pid and processStartTime()
 */
export function processStartTime(): number | null {
  return ownStat?.startTime ?? null;
}

/**
 * Whether the holder `pid` (started at `startTime`, when recorded) still runs: false for a
 * process that is gone, a zombie, or a different process under a reused PID.
 * @example isProcessAlive(process.pid, processStartTime()) === true
 */
export function isProcessAlive(pid: number, startTime: number | null = null): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  const stat = readProcStat(pid);
  if (stat === null) return false;
  if (stat !== undefined) {
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return startTime === null || stat.startTime === startTime;
  }
  // No /proc: the PID's existence is all there is to go on.
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
