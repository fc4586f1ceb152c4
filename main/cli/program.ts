/**
 * The `thumbdesk` command: every subcommand drives the library engine.
 * Exit status: 0 all succeeded, 2 finished with some items failed, 1 fatal.
 * Each subcommand lives in commands/ and registers itself here.
 */
import { Command, Option } from 'commander';
import { positiveInt } from './command-kit.js';
import { packageVersion } from './package-version.js';
import { register as registerAdd } from './commands/add.js';
import { register as registerScan } from './commands/scan.js';
import { register as registerPresets } from './commands/presets.js';
import { register as registerGenerate } from './commands/generate.js';
import { register as registerStatus } from './commands/status.js';
import { register as registerList } from './commands/list.js';
import { register as registerExclude } from './commands/exclude.js';
import { register as registerErrors } from './commands/errors.js';
import { register as registerGc } from './commands/gc.js';
import { register as registerTargets } from './commands/targets.js';
import { register as registerPublish } from './commands/publish.js';
import { register as registerWatch } from './commands/watch.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerUrl } from './commands/url.js';

const COMMANDS = [
  registerAdd,
  registerScan,
  registerPresets,
  registerGenerate,
  registerStatus,
  registerList,
  registerExclude,
  registerErrors,
  registerGc,
  registerTargets,
  registerPublish,
  registerWatch,
  registerServe,
  registerUrl,
];

export function createProgram(): Command {
  const program = new Command('thumbdesk')
    .description('Image derivatives from folders of originals, tracked in a SQLite catalog.')
    .version(packageVersion(import.meta.url), '-V, --version', 'print the version and exit')
    .addOption(
      new Option('--library <dir>', 'the library folder')
        .env('THUMBDESK_LIBRARY')
        .default('./.thumbdesk'),
    )
    .option('--json', 'print exactly one JSON document on stdout', false)
    .option('--pixel-limit <pixels>', 'largest accepted input, width × height', positiveInt)
    // A usage error is one line on stderr (no help after it), like every other fatal error.
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}
