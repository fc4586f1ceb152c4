import type { Command } from 'commander';
import { EXIT_PARTIAL, withLibrary } from '../command-kit.js';
import type { Library } from '../../core/library/library.js';
import { withProgress } from '../progress-bar.js';
import { scanSummary } from '../scan-summary.js';

export function register(program: Command): void {
  program
    .command('add')
    .description('register folders as sources (idempotent) and scan them')
    .argument('<folder...>')
    .action(
      withLibrary(program, async (library, out, folders: string[]) => {
        const results = await withProgress('scan', async (control) => {
          const added: Awaited<ReturnType<Library['addSource']>>[] = [];
          for (const folder of folders) {
            if (control.signal.aborted) break;
            added.push(await library.addSource(folder, control));
          }
          return added;
        });
        const json = results.map((r) => ({
          source: r.source.name,
          path: r.source.path,
          created: r.created,
          scan: r.scan,
        }));
        out.result(json, () =>
          results
            .map(
              (r) =>
                `${r.created ? 'added' : 'already a source'}: ${r.source.name} (${r.source.path})\n  ${scanSummary(r.scan)}`,
            )
            .join('\n'),
        );
        for (const r of results) r.scan.problems.forEach((p) => out.warn(`warning: ${p}`));
        const partial = (r: (typeof results)[number]) =>
          r.scan.failed > 0 || r.scan.problems.length > 0 || r.scan.cancelled;
        return results.some(partial) || results.length < folders.length ? EXIT_PARTIAL : 0;
      }),
    );
}
