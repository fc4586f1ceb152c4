import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { askedCommand } from './asked-command.js';
import { createProgram } from './program.js';

/** The subcommand commander itself runs for `args`, with every command loaded. */
async function dispatchedBy(args: string[]): Promise<string | undefined> {
  const program = await createProgram();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  let dispatched: string | undefined;
  program.hook('preSubcommand', (_program, sub) => {
    dispatched = sub.name();
    throw new Error('stop before the action');
  });
  await program.parseAsync(args, { from: 'user' }).catch(() => undefined);
  return dispatched;
}

describe('askedCommand', () => {
  const program = new Command()
    .option('--flag')
    .option('-v, --value <v>')
    .addOption(new Option('--maybe [v]'));

  it('finds the word after the options, taking the values they take', () => {
    const ask = (...args: string[]) => askedCommand(program.options, args);
    expect(ask('status')).toBe('status');
    expect(ask('--flag', 'status', '--value', 'x')).toBe('status');
    expect(ask('--value', 'status', 'list')).toBe('list');
    expect(ask('-v', '--flag', 'list')).toBe('list'); // a required value is the next word
    expect(ask('--value=status', 'list')).toBe('list');
    expect(ask('--maybe', 'status', 'list')).toBe('list');
    expect(ask('--maybe', '--flag', 'list')).toBe('list');
    expect(ask('--maybe=x', 'list')).toBe('list');
  });

  it('names nothing for help, an unknown option first, `--` or no word', () => {
    const ask = (...args: string[]) => askedCommand(program.options, args);
    expect(ask()).toBeUndefined();
    expect(ask('--help')).toBeUndefined();
    expect(ask('--preset', 'x', 'generate')).toBeUndefined();
    expect(ask('--', 'status')).toBeUndefined();
    expect(ask('--value')).toBeUndefined();
  });
});

describe('createProgram', () => {
  it('loads the command asked for alone, and every command otherwise', async () => {
    const names = async (args?: string[]) =>
      (await createProgram(args)).commands.map((c) => c.name());
    expect(await names(['--library', 'lib', 'status', '--json'])).toEqual(['status']);
    expect(await names(['--library=generate', 'url', 'sign'])).toEqual(['url']);
    expect(await names(['include', '3'])).toEqual(['exclude', 'include']);
    const all = await names();
    expect(all).toHaveLength(15);
    expect(new Set(all).size).toBe(15);
    expect(await names(['--help'])).toEqual(all);
    expect(await names(['help', 'status'])).toEqual(all);
    expect(await names(['statsu'])).toEqual(all);
    expect(await names(['--library', 'status'])).toEqual(all);
  });

  it.each([
    ['status'],
    ['--json', 'generate', '--concurrency', '2'],
    ['--library', 'scan', 'list'],
    ['--library=scan', '--pixel-limit', '5', 'gc'],
    ['--pixel-limit', '5', '--json', 'presets', 'list'],
    ['--json', 'include', '3'],
  ])('names the command commander runs for %j', async (...args) => {
    const asked = askedCommand((await createProgram()).options, args);
    expect(asked).toBeDefined();
    expect(asked).toBe(await dispatchedBy(args));
  });
});
