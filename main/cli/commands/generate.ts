import { formatBytes } from '../../../shared/naming.js';
import type { Command } from 'commander';
import { collect, EXIT_PARTIAL, positiveInt, withLibrary } from '../command-kit.js';
import { createProgressReporter } from '../progress-bar.js';

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
          const bar = createProgressReporter('generate');
          const controller = new AbortController();
          const onSignal = () => controller.abort();
          process.once('SIGINT', onSignal);
          try {
            const report = await library.generate({
              presets: options.preset,
              concurrency: options.concurrency,
              signal: controller.signal,
              onProgress: (s) => bar.update(s),
            });
            bar.stop();
            out.result(
              report,
              () =>
                `${report.built} built, ${report.failed} failed, ${formatBytes(report.bytes)} in ${(report.elapsedMs / 1000).toFixed(1)} s` +
                (report.cancelled ? ' (cancelled)' : '') +
                (report.failed ? '\nsee "thumbdesk errors" for the reasons' : ''),
            );
            return report.failed > 0 || report.cancelled ? EXIT_PARTIAL : 0;
          } finally {
            process.off('SIGINT', onSignal);
          }
        },
      ),
    );
}
