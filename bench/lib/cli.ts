/**
 * Drives the real, built `thumbdesk` CLI as a user would: one process per command.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runChecked, type RunOptions, type RunResult } from './measure.js';
import { WORK } from './inputs.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/thumbdesk.js');

/** The two presets every contender builds: 320 and 1024 px wide JPEG at quality 80. */
export const WIDTHS = [320, 1024] as const;
export const QUALITY = 80;

/** The lock every build of dist/ in this checkout takes (docs/testing.md). */
export const BUILD_LOCK = '/tmp/thumbdesk-build.lock';

/** Exit 2 means "finished, some items failed": still a completed run to time. */
const FINISHED = [0, 2];

/**
 * Compiles the CLI into dist/ so that it runs the same sources as the sections that import them
 * in-process (the two must agree, on the catalog schema above all). Type errors elsewhere in a
 * shared checkout do not stop tsc from emitting, so they are reported, not fatal.
 * @example await compileCli(console.log);
 */
export async function compileCli(log: (line: string) => void): Promise<void> {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  // Under the checkout's shared build lock: another build writing dist/ at once would clash.
  const result = await run(
    'flock',
    [BUILD_LOCK, process.execPath, tsc, '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
    },
  );
  if (result.code !== 0) {
    const errors = result.stdout.split('\n').filter((line) => line.includes('error TS')).length;
    log(`warning: tsc reported ${errors} type errors; measuring the JavaScript it emitted`);
  }
  if (!existsSync(path.join(ROOT, 'dist/main/cli/main.js'))) {
    throw new Error(`the CLI could not be built:\n${result.stdout.slice(0, 2000)}`);
  }
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
