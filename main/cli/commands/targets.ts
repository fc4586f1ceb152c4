import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';
import { table } from '../output.js';
import { s3Options, targetOverrides, type S3Flags } from './publish.js';

export function register(program: Command): void {
  const targets = program.command('targets').description('manage publish targets');
  s3Options(
    targets
      .command('add')
      .description('save a target: a folder, or s3://bucket/prefix')
      .argument('<name>')
      .argument('<destination>'),
  ).action(
    withLibrary(
      program,
      async (library, out, name: string, destination: string, flags: S3Flags) => {
        const { addTarget } = await import('../../core/publish/target.js');
        const target = addTarget(library.db, name, destination, targetOverrides(flags));
        out.result(target, () => `added target ${name}: ${destination}`);
      },
    ),
  );
  targets
    .command('list')
    .description('list saved targets')
    .action(
      withLibrary(program, async (library, out) => {
        const { listTargets } = await import('../../core/publish/target.js');
        const list = listTargets(library.db);
        out.result(list, () =>
          list.length
            ? table([
                ['name', 'destination', 'template', 'cache-control'],
                ...list.map((t) => [t.name!, t.location, t.options.template, t.cacheControl]),
              ])
            : 'no targets: add one with "thumbdesk targets add NAME DEST"',
        );
      }),
    );
  targets
    .command('rm')
    .description('forget a saved target (its published objects stay where they are)')
    .argument('<name>')
    .action(
      withLibrary(program, async (library, out, name: string) => {
        const { removeTarget } = await import('../../core/publish/target.js');
        removeTarget(library.db, name);
        out.result({ removed: name }, () => `removed target ${name}`);
      }),
    );
}
