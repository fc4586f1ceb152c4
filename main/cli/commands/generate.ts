import { formatBytes } from '../../../shared/naming.js';
import type { Command } from 'commander';
import { collect, EXIT_PARTIAL, positiveInt, withLibrary } from '../command-kit.js';
import { withProgress } from '../progress-bar.js';

export function register(program: Command): void {
  program
    .command('generate')
    .description('build every missing or stale derivative')
    .option('--preset <name>', 'only this preset (repeatable)', collect, [])
    .option('--concurrency <n>', 'renders at once (default: the number of cores)', positiveInt)
    .action(
      withLibrary(
        program,
        async (library, out, options: { preset: string[]; concurrency?: number }) => {
          const report = await withProgress('generate', (control) =>
            library.generate({
              presets: options.preset,
              concurrency: options.concurrency,
              ...control,
            }),
          );
          out.result(
            report,
            () =>
              `${report.built} built, ${report.failed} failed, ${formatBytes(report.bytes)} in ${(report.elapsedMs / 1000).toFixed(1)} s` +
              (report.cancelled ? ' (cancelled)' : '') +
              (report.failed ? '\nsee "thumbdesk errors" for the reasons' : ''),
          );
          return report.failed > 0 || report.cancelled ? EXIT_PARTIAL : 0;
        },
      ),
    );
}
