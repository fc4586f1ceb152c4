/**
 * Runs the built `thumbdesk` command as a user would: `node bin/thumbdesk.js ARGS`.
 */
import { execFile, execFileSync } from 'node:child_process';
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

/**
 * Runs the CLI to its end; never rejects on a non-zero exit.
 * @example const { code, stdout } = await runCli(['--library', dir, '--json', 'status']);
 */
export function runCli(args: readonly string[], cwd = PROJECT_ROOT): Promise<CliResult> {
  // The library comes from the arguments only, never from the environment of the test run.
  const { THUMBDESK_LIBRARY: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
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
