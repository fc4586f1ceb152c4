import type { Command } from 'commander';
import { EXIT_PARTIAL, withLibrary } from '../command-kit.js';
import type { Library } from '../../core/library/library.js';
import { scanSummary } from '../scan-summary.js';

export function register(program: Command): void {
  program
    .command('add')
    .description('register folders as sources (idempotent) and scan them')
    .argument('<folder...>')
    .action(
      withLibrary(program, async (library, out, folders: string[]) => {
        const results: Awaited<ReturnType<Library['addSource']>>[] = [];
        for (const folder of folders) results.push(await library.addSource(folder));
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
        return results.some((r) => r.scan.failed > 0 || r.scan.problems.length > 0)
          ? EXIT_PARTIAL
          : 0;
      }),
    );
}
