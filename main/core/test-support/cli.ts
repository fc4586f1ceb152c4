/**
 * Runs the built `thumbdesk` command as a user would: `node bin/thumbdesk.js ARGS`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './fixtures.js';

export const CLI = path.join(PROJECT_ROOT, 'bin', 'thumbdesk.js');

/** What the CLI runs of dist/: tsconfig.build.json's sources and what compiles them. */
export const CLI_INPUTS = [
  'main/core/',
  'main/cli/',
  'shared/',
  'tsconfig.base.json',
  'tsconfig.build.json',
  'package-lock.json',
];

/**
 * Refuses to go on when the CLI in dist/ was not built from the sources as they are now
 * (bin/build-stamp.js compares them with what `npm run build` read), so a test never runs the
 * old code after an edit. `npm test` builds first; a test file run alone after an edit says to.
 * @example beforeAll(ensureBuilt);
 */
export function ensureBuilt(): void {
  ensureBuiltAt(PROJECT_ROOT);
}

/**
 * `ensureBuilt` for the project at `root` and the build inputs (path prefixes) of what the
 * caller runs: throws the one line bin/build-stamp.js says.
 * @example ensureBuiltAt(PROJECT_ROOT, [...CLI_INPUTS, 'renderer/']);
 */
export function ensureBuiltAt(root: string, inputs: readonly string[] = CLI_INPUTS): void {
  const check = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'build-stamp.js'), 'check', ...inputs],
    { encoding: 'utf8' },
  );
  if (check.status !== 0) {
    throw new Error(check.stderr.trim() || `build-stamp check: exit ${check.status}`);
  }
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
  // The library never comes from the environment of the test run: only from the arguments, or
  // from an environment the test gives on purpose.
  const { THUMBDESK_LIBRARY: _ignored, ...inherited } = process.env;
  const env = { ...inherited, ...options.env };
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
