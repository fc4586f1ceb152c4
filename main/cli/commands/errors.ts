import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';

export function register(program: Command): void {
  program
    .command('errors')
    .description('originals and derivatives that failed, with the reason')
    .action(
      withLibrary(program, (library, out) => {
        const errors = library.errors();
        out.result(errors, () =>
          errors.length
            ? errors
                .map((e) =>
                  e.kind === 'original'
                    ? `${e.source}/${e.path}: ${e.error}`
                    : `${e.source}/${e.path} [${e.preset} ${e.format} ${e.density}x]: ${e.error}`,
                )
                .join('\n')
            : 'no errors',
        );
      }),
    );
}
