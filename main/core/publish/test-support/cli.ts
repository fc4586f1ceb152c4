/**
 * The `thumbdesk` command as a child process (from source, through tsx), for tests that need a
 * process of its own: one to kill, or one running as another user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test-support/fixtures.js';
import { S3_ENV } from './s3.js';

const MAIN = path.join(PROJECT_ROOT, 'main/cli/main.ts');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process ended, with its exit code (null when killed) and output. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * @example const { done } = runCli(['--library', lib, 'publish', out, '--json']);
 */
export function runCli(args: readonly string[], options: { uid?: number } = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...S3_ENV },
    uid: options.uid,
    gid: options.uid,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}
