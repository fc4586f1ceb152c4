/**
 * What every subcommand shares: the open library, the output, exit codes and argument parsers.
 * A command module exports `register(program)` and uses `withLibrary` for its action.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Library } from '../core/library/library.js';
import { createOutput, type Output } from './output.js';

/** Exit status for a run that finished with some items failed. */
export const EXIT_PARTIAL = 2;

/** A fatal error whose message is meant for the user: printed as one line, exit 1. */
export class CliError extends Error {}

export interface GlobalOptions {
  library: string;
  json: boolean;
  pixelLimit?: number;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** A whole number of 0 or more (seconds that may be none). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Resolves on the first SIGINT or SIGTERM: how a command that runs until stopped waits, so that
 * it can stop cleanly and exit 0.
 * @example await untilStopped(); await host.close();
 */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * Runs `action` with the library open, and always closes it. The library's modules (SQLite,
 * sharp) load here, when a command runs, so that `--version` and `--help` do not pay for them.
 * @example program.command('status').action(withLibrary(program, (library, out) => ...));
 */
export function withLibrary(
  program: Command,
  action: (
    library: Library,
    out: Output,
    ...args: never[]
  ) => Promise<number | void> | number | void,
) {
  return async (...args: unknown[]) => {
    const globals = program.opts<GlobalOptions>();
    const out = createOutput(globals.json);
    const { Library } = await import('../core/library/library.js');
    const library = Library.open(globals.library, { pixelLimit: globals.pixelLimit });
    try {
      const code = await action(library, out, ...(args as never[]));
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    } finally {
      library.close();
    }
  };
}
