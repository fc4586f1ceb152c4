import { formatBytes } from '../../../shared/naming.js';
import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';
import { table } from '../output.js';

export function register(program: Command): void {
  program
    .command('status')
    .description('counts of originals and derivatives by state, cache bytes')
    .action(
      withLibrary(program, (library, out) => {
        const s = library.status();
        out.result(s, () =>
          table([
            ['sources', s.sources],
            ['presets', s.presets],
            ['originals', s.originals.total],
            ['  failed', s.originals.failed],
            ['excluded originals', s.originals.excluded],
            ['derivatives', s.derivatives.total],
            ['  fresh', s.derivatives.fresh],
            ['  stale', s.derivatives.stale],
            ['  missing', s.derivatives.missing],
            ['  failed', s.derivatives.failed],
            ['  to collect (gc)', s.derivatives.orphaned],
            ['cache', formatBytes(s.cacheBytes)],
          ]),
        );
      }),
    );
}
