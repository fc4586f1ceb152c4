/**
 * The `thumbdesk` command: every subcommand drives the library engine.
 * Exit status: 0 all succeeded, 2 finished with some items failed, 1 fatal.
 * Each subcommand lives in commands/ and registers itself here, loaded when it is asked for.
 */
import { Command, Option } from 'commander';
import { positiveInt } from './command-kit.js';
import { packageVersion } from './package-version.js';
import { askedCommand } from './asked-command.js';

type CommandModule = { register(program: Command): void };

const loadExclude = () => import('./commands/exclude.js'); // registers exclude and include

/**
 * Each subcommand's module by the command's name, in the order `--help` lists them. A module
 * is imported only when its command runs (or for the help, which lists them all): importing
 * all of them, with the URL API's option parsers and the server's, cost every start 0.1–0.2 s
 * of CPU.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  add: () => import('./commands/add.js'),
  scan: () => import('./commands/scan.js'),
  presets: () => import('./commands/presets.js'),
  generate: () => import('./commands/generate.js'),
  status: () => import('./commands/status.js'),
  list: () => import('./commands/list.js'),
  exclude: loadExclude,
  include: loadExclude,
  errors: () => import('./commands/errors.js'),
  gc: () => import('./commands/gc.js'),
  targets: () => import('./commands/targets.js'),
  publish: () => import('./commands/publish.js'),
  watch: () => import('./commands/watch.js'),
  serve: () => import('./commands/serve.js'),
  url: () => import('./commands/url.js'),
};

/**
 * The `thumbdesk` program with the subcommand `args` (the words after the script) names, or
 * with every subcommand when they name none of them or are omitted (help, a usage error).
 * @example await (await createProgram(process.argv.slice(2))).parseAsync(process.argv);
 */
export async function createProgram(args?: readonly string[]): Promise<Command> {
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
  const asked = args && askedCommand(program.options, args);
  const loaders =
    asked && Object.hasOwn(COMMANDS, asked)
      ? [COMMANDS[asked]!]
      : [...new Set(Object.values(COMMANDS))];
  const modules = await Promise.all(loaders.map((load) => load()));
  for (const { register } of modules) register(program);
  return program;
}
