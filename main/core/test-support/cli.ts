/**
 * Runs the built `thumbdesk` command as a user would: `node bin/thumbdesk.js ARGS`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './fixtures.js';

export const CLI = path.join(PROJECT_ROOT, 'bin', 'thumbdesk.js');

/**
 * Compiles the CLI when dist/ is missing (`npm test` builds first, so usually it is there).
 * @example beforeAll(ensureBuilt, 120_000);
 */
export function ensureBuilt(): void {
  if (existsSync(path.join(PROJECT_ROOT, 'dist', 'main', 'cli', 'main.js'))) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process ended, with its exit code (null when killed) and output. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts the CLI as a child process of its own: one a test can kill, or run as another user.
 * @example const { child, done } = spawnCli(['--library', lib, 'publish', out], { env: S3_ENV });
 */
export function spawnCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; uid?: number; cwd?: string } = {},
): CliRun {
  // The library comes from the arguments only, never from the environment of the test run.
  const { THUMBDESK_LIBRARY: _ignored, ...env } = { ...process.env, ...options.env };
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env,
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

/**
 * Runs the CLI to its end; never rejects on a non-zero exit.
 * @example const { code, stdout } = await runCli(['--library', dir, '--json', 'status']);
 */
export async function runCli(args: readonly string[], cwd = PROJECT_ROOT): Promise<CliResult> {
  const { code, stdout, stderr } = await spawnCli(args, { cwd }).done;
  return { code: code ?? -1, stdout, stderr };
}

/**
 * The one JSON document a `--json` run printed; fails if stdout holds anything else.
 * @example const status = onlyJson(await runCli([...]));
 */
export function onlyJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(
      `not one JSON document (${(error as Error).message}); exit ${result.code}, ` +
        `stdout: ${JSON.stringify(result.stdout.slice(0, 500))}, stderr: ${result.stderr}`,
    );
  }
}
