/**
 * Entry point of the `thumbdesk` command.
 */
import { CommanderError } from 'commander';
import { CliError } from './command-kit.js';
import { createProgram } from './program.js';

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/**
 * A failure of the user's making (a bad argument, a missing preset), not a bug of ours. The error
 * contract (and zod with it) loads only when something failed, not on every start.
 */
async function isUserError(error: unknown): Promise<boolean> {
  if (error instanceof CliError) return true;
  const { toThumbdeskError } = await import('../core/service/service-error.js');
  return toThumbdeskError(error).code !== 'internal';
}

try {
  await (await createProgram(process.argv.slice(2))).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed help or the usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else if (await isUserError(error)) {
    process.stderr.write(`thumbdesk: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `thumbdesk: unexpected error: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
