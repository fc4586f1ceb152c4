import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/poll.js';
import { isProcessAlive, processStartTime } from './process-alive.js';

/** The state letter of /proc/<pid>/stat, or undefined once the process is gone. */
function stateOf(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** The command name of /proc/<pid>/comm, or undefined once the process is gone. */
function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/**
 * A shell that starts `sleep` in the background, prints its PID, then becomes a `sleep` itself:
 * a parent that never waits, so the background child, once killed, stays a zombie.
 */
async function childOfANonReapingParent(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(parent);
  const line = await new Promise<string>((resolve) =>
    parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
  );
  // Until the shell has become `sleep`, it may still reap a child that dies (dash does between
  // commands): wait for the exec, so the killed child can only be left a zombie.
  await until('the shell to become sleep', () => commandOf(parent.pid!) === 'sleep', {
    intervalMs: 5,
  });
  return Number(line.trim());
}

describe.runIf(process.platform === 'linux')('isProcessAlive', () => {
  it('knows this process by its PID and start time', () => {
    expect(processStartTime()).toEqual(expect.any(Number));
    expect(isProcessAlive(process.pid, processStartTime())).toBe(true);
    expect(isProcessAlive(process.pid)).toBe(true);
  });

  it('a PID reused by another process is not the holder: the start time differs', () => {
    // A lock left by an earlier process that had this PID (a container restarted: PID 1 again).
    expect(isProcessAlive(process.pid, processStartTime()! - 1)).toBe(false);
  });

  it('a holder killed with SIGKILL is dead while it lingers as a zombie', async () => {
    const pid = await childOfANonReapingParent();
    expect(isProcessAlive(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    // Its parent never waits for it: it stays in the process table, a zombie.
    await until('a zombie', () => stateOf(pid) === 'Z', { intervalMs: 5 });
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('nothing, or no process at all, holds nothing', () => {
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });
});
