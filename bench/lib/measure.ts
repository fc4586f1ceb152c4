/**
 * Timing, child processes and memory sampling shared by every benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onCleanup } from './cleanup.js';

export interface RunResult {
  ms: number;
  /** CPU time (user + system) of the child and everything it waited for, in ms. */
  cpuMs: number;
  stdout: string;
  stderr: string;
  code: number | null;
  /** Largest VmHWM (peak resident set) seen while sampling, in bytes; 0 when not sampled. */
  peakRss: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Poll the child's peak RSS this often (ms); 0 or omitted for no sampling. */
  sampleRssMs?: number;
  /** Written to the child's stdin (which is otherwise closed). */
  input?: string | Buffer;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The smallest value with at least `p` % of the values at or below it (nearest rank).
 * @example percentile([10, 20, 30, 40], 50) // 20
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The kernel's clock ticks per second (USER_HZ), the unit of /proc's CPU times. */
export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * CPU time of this process's reaped children so far (cutime + cstime), in ms. A child's own
 * reaped children are included, so this covers xargs and every tool it ran: on a shared machine
 * CPU time is steadier than wall time, which also counts waiting for other people's work.
 */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5), counted from the state field (3).
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/** The kernel's own high-water mark for a live process, in bytes (0 once it has exited). */
function vmHwm(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs a command to completion and times it from spawn to exit, start-up included.
 * @example const { ms } = await run('vipsthumbnail', ['a.jpg', '-s', '320x']);
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}) {
  return new Promise<RunResult>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const cpuBefore = childrenCpuMs();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // A benchmark stopped by Ctrl-C or SIGTERM ends its load generators too (bench/lib/cleanup.ts).
    const forget = onCleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // VmHWM is monotonic, so sampling it (rather than VmRSS) misses only what happens in the
    // last interval before exit.
    const timer = options.sampleRssMs
      ? setInterval(() => (peakRss = Math.max(peakRss, vmHwm(child.pid!))), options.sampleRssMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      forget();
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, cpuMs: childrenCpuMs() - cpuBefore, stdout, stderr, code, peakRss });
    });
  });
}

/** Like `run`, but fails loudly when the command does not exit with one of `okCodes`. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
  okCodes: readonly number[] = [0],
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code === null || !okCodes.includes(result.code)) {
    throw new Error(
      `${command} ${args.slice(0, 6).join(' ')} … exited ${result.code}: ${result.stderr.slice(0, 500)}`,
    );
  }
  return result;
}

export interface Timing {
  ms: number;
  /** CPU time of this whole process (all threads) meanwhile. */
  cpuMs: number;
}

/** Wall and CPU milliseconds an async function takes in this process. */
export async function timed<T>(fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const value = await fn();
  const cpu = process.cpuUsage(cpuBefore);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Runs `fn` `times` times in a row and returns every timing. */
export async function repeat(times: number, fn: () => Promise<Timing>): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < times; i += 1) timings.push(await fn());
  return timings;
}
