/**
 * Which subcommand a command line names, read before any command's module is loaded, so that
 * `thumbdesk status` loads the status command alone rather than all of them.
 */
import type { Option } from 'commander';

/**
 * The first word after the program's own options (`options`, with the values they take), or
 * undefined when the line is anything else: no word, an option the program does not know
 * before it (`--help`, a typo), or `--`. Undefined means "load every command": commander then
 * sees the whole program and prints the help, the usage error or the suggestion it always did.
 * @example askedCommand(program.options, ['--library', 'lib', '--json', 'status']) === 'status'
 */
export function askedCommand(
  options: readonly Option[],
  args: readonly string[],
): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) return arg;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const option = options.find((o) => o.long === flag || o.short === flag);
    if (!option) return undefined;
    if (equals >= 0) continue;
    // As commander reads them: a required value is the next word whatever it looks like, an
    // optional one only when that word is no option.
    const next = args[i + 1];
    if (option.required || (option.optional && next !== undefined && !next.startsWith('-'))) {
      i += 1;
    }
  }
  return undefined;
}
