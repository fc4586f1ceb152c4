/**
 * CPU time of the processes a benchmark started, read from /proc while they run: a server's
 * figures mean little without the CPU it burned, on a machine whose cores other people share.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { CLOCK_TICKS } from './measure.js';

/** comm, and user + system + reaped children's CPU in ms, of a live process. */
function stat(pid: number): { name: string; cpuMs: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of proc(5), counted from the state field (3).
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { name, cpuMs: (ticks * 1000) / CLOCK_TICKS };
  } catch {
    return undefined; // it exited meanwhile
  }
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** A process's own CPU plus its live descendants' (a reaped one is in its parent's cutime). */
function treeCpuMs(pid: number): number {
  return (stat(pid)?.cpuMs ?? 0) + children(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
}

/**
 * CPU ms so far of each process tree this process started, keyed by the command name of its
 * root (`varnishd`, `nginx`, `node`…); trees of the same name are added up.
 * @example const before = childCpu(); await load(); const used = cpuSince(before);
 */
export function childCpu(): Map<string, number> {
  const byName = new Map<string, number>();
  for (const pid of children(process.pid)) {
    const name = stat(pid)?.name;
    if (name !== undefined) byName.set(name, (byName.get(name) ?? 0) + treeCpuMs(pid));
  }
  return byName;
}

/**
 * The CPU ms each tree of `childCpu()` used since `before` (trees started since count whole).
 * @example const used = cpuSince(before); used.get('varnishd');
 */
export function cpuSince(before: Map<string, number>): Map<string, number> {
  const used = new Map<string, number>();
  for (const [name, ms] of childCpu()) used.set(name, ms - (before.get(name) ?? 0));
  return used;
}
