import { formatBytes } from '../../../shared/naming.js';
import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';

export function register(program: Command): void {
  program
    .command('gc')
    .description('delete what no longer belongs to an original and a preset')
    .action(
      withLibrary(program, async (library, out) => {
        const report = await library.gc();
        out.result(
          report,
          () =>
            `${report.rows} rows and ${report.files} files removed (${formatBytes(report.bytes)})` +
            (report.lost > 0
              ? `; ${report.lost} built files were gone: generate rebuilds them`
              : ''),
        );
      }),
    );
}
