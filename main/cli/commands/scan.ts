import type { Command } from 'commander';
import { EXIT_PARTIAL, withLibrary } from '../command-kit.js';
import { withProgress } from '../progress-bar.js';
import { scanSummary } from '../scan-summary.js';

export function register(program: Command): void {
  program
    .command('scan')
    .description('rescan every source: new, changed, removed')
    .action(
      withLibrary(program, async (library, out) => {
        const reports = await withProgress('scan', (control) => library.scan(control));
        out.result(reports, () =>
          reports.length
            ? reports.map(scanSummary).join('\n')
            : 'no sources: add one with "thumbdesk add FOLDER"',
        );
        for (const r of reports) r.problems.forEach((p) => out.warn(`warning: ${p}`));
        return reports.some((r) => r.failed > 0 || r.problems.length > 0 || r.cancelled)
          ? EXIT_PARTIAL
          : 0;
      }),
    );
}
