import { readFile } from 'node:fs/promises';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import type { Command } from 'commander';
import { CliError, withLibrary } from '../command-kit.js';
import { table } from '../output.js';

export function register(program: Command): void {
  const presets = program.command('presets').description('manage presets');
  presets
    .command('import')
    .description('add or replace presets from a JSON file')
    .argument('<file>')
    .action(
      withLibrary(program, async (library, out, file: string) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          throw new CliError(`cannot read presets from ${file}: ${(error as Error).message}`);
        }
        const changes = library.importPresets(parsePresetFile(parsed));
        out.result(changes, () => changes.map((c) => `${c.name}: ${c.change}`).join('\n'));
      }),
    );
  presets
    .command('export')
    .description('print every preset as a preset file')
    .action(
      withLibrary(program, (library) => {
        process.stdout.write(`${JSON.stringify(library.exportPresets(), null, 2)}\n`);
      }),
    );
  presets
    .command('list')
    .description('list presets')
    .action(
      withLibrary(program, (library, out) => {
        const list = library.presets();
        out.result(list, () =>
          list.length
            ? table([
                ['name', 'size', 'fit', 'formats', 'densities'],
                ...list.map((p) => [
                  p.name,
                  `${p.width ?? '·'} × ${p.height ?? '·'}`,
                  p.fit,
                  p.formats.join(','),
                  p.densities.map((d) => `${d}x`).join(','),
                ]),
              ])
            : 'no presets: import some with "thumbdesk presets import FILE"',
        );
      }),
    );
}
