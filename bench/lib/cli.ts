/**
 * Drives the real, built `thumbdesk` CLI as a user would: one process per command.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_INPUTS, ensureBuiltAt } from '../../main/core/test-support/cli.js';
import { run, runChecked, type RunOptions, type RunResult } from './measure.js';
import { WORK } from './inputs.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/thumbdesk.js');

/** The two presets every contender builds: 320 and 1024 px wide JPEG at quality 80. */
export const WIDTHS = [320, 1024] as const;
export const QUALITY = 80;

/** The lock every build of dist/ in this checkout takes (docs/testing.md). */
const BUILD_LOCK = '/tmp/thumbdesk-build.lock';

/** Exit 2 means "finished, some items failed": still a completed run to time. */
const FINISHED = [0, 2];

/**
 * Makes sure dist/ holds the CLI built from the sources as they are: builds it under the shared
 * lock when bin/build-stamp.js says it is stale, so what is measured is what users run (`node
 * bin/thumbdesk.js`), and the same sources as the sections that import them in-process (the
 * two must agree, on the catalog schema above all).
 * @example ensureCliBuilt();
 */
export function ensureCliBuilt(): void {
  try {
    ensureBuiltAt(ROOT, CLI_INPUTS);
    return;
  } catch {
    // Stale or never built: build below, then check again.
  }
  const build = spawnSync('flock', [BUILD_LOCK, 'npm', 'run', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  ensureBuiltAt(ROOT, CLI_INPUTS);
}

/**
 * Runs `thumbdesk --library <library> --json <args>` and parses its one JSON document.
 * @example const { result } = await thumbdesk(lib, ['status']);
 */
export async function thumbdesk<T = unknown>(
  library: string,
  args: readonly string[],
  options: RunOptions & { nodeArgs?: readonly string[] } = {},
): Promise<RunResult & { result: T }> {
  const outcome = await runChecked(
    process.execPath,
    [...(options.nodeArgs ?? []), BIN, '--library', library, '--json', ...args],
    options,
    FINISHED,
  );
  return { ...outcome, result: JSON.parse(outcome.stdout) as T };
}

/** Runs a plain `node <args>` child (used for tsx scripts and probes). */
export function node(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, args, { cwd: ROOT, ...options });
}

/** A fresh, empty folder under bench/work/engine-tmp. */
export async function freshDir(prefix: string): Promise<string> {
  const base = path.join(WORK, 'engine-tmp');
  await mkdir(base, { recursive: true });
  return mkdtemp(path.join(base, `${prefix}-`));
}

/** The benchmark's presets, as `presets import` reads them. */
export const PRESETS = WIDTHS.map((width) => ({
  name: `w${width}`,
  width,
  formats: ['jpeg'],
  quality: QUALITY,
}));

/** Writes the benchmark's preset file into `dir` and returns its path. */
export async function writePresets(dir: string): Promise<string> {
  const file = path.join(dir, 'presets.json');
  await writeFile(file, JSON.stringify({ presets: PRESETS }));
  return file;
}
