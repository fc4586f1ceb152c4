/**
 * Entry point of the `thumbdesk` command.
 */
import { CommanderError } from 'commander';
import { CatalogError } from '../core/catalog/database.js';
import { LibraryError } from '../core/library/library.js';
import { UnknownPresetError } from '../core/library/generate.js';
import { PresetError } from '../../shared/preset.js';
import { KeyError } from '../core/publish/keys.js';
import { TargetError } from '../core/publish/target.js';
import { CliError } from './command-kit.js';
import { createProgram } from './program.js';

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const EXPECTED = [
  CliError,
  CatalogError,
  LibraryError,
  PresetError,
  UnknownPresetError,
  TargetError,
  KeyError,
];

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed help or the usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else if (EXPECTED.some((type) => error instanceof type)) {
    process.stderr.write(`thumbdesk: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `thumbdesk: unexpected error: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
