import type { Command } from 'commander';
import { formatBytes } from '../../../shared/naming.js';
import type { WatchEvent } from '../../core/library/watch.js';
import { positiveInt, untilStopped, withLibrary } from '../command-kit.js';
import { scanSummary } from '../scan-summary.js';

const MARKS = { added: '+', changed: '~', removed: '-' } as const;

/** One line for people per watch event. */
function describe(event: WatchEvent): string {
  switch (event.type) {
    case 'watching':
      return `watching ${event.source} (${event.path})`;
    case 'away':
      return `${event.source} is away (${event.reason}); its catalog is kept until it is back`;
    case 'file':
      return `${MARKS[event.change]} ${event.source}/${event.path}`;
    case 'scanned':
      return scanSummary(event.report);
    case 'rebuilt': {
      const r = event.report;
      return `rebuilt: ${r.built} built, ${r.failed} failed, ${formatBytes(r.bytes)} in ${(r.elapsedMs / 1000).toFixed(1)} s`;
    }
    case 'published': {
      const r = event.report;
      return `published to ${r.target}: ${r.uploaded} uploaded, ${r.deleted} deleted, ${r.failed} failed`;
    }
    case 'error':
      return `error: ${event.source ? `${event.source}: ` : ''}${event.message}`;
  }
}

interface WatchFlags {
  debounce: number;
  publish?: string;
  delete?: boolean;
  concurrency?: number;
}

export function register(program: Command): void {
  program
    .command('watch')
    .description(
      'watch every source and rescan, rebuild (and publish) what changes, until interrupted',
    )
    .option('--debounce <ms>', 'quiet time that ends a burst of changes', positiveInt, 500)
    .option('--publish <target>', 'publish after every change: a saved target or a folder')
    .option('--delete', 'with --publish: remove published objects that no longer belong')
    .option('--concurrency <n>', 'renders at once (default: the number of cores)', positiveInt)
    .action(
      withLibrary(program, async (library, out, flags: WatchFlags) => {
        // Loaded when watch runs: chokidar and the publish stores are not start-up's cost.
        const { SourceWatcher } = await import('../../core/library/watch.js');
        const { resolveTarget } = await import('../../core/publish/target.js');
        const watcher = new SourceWatcher(library, {
          debounceMs: flags.debounce,
          concurrency: flags.concurrency,
          publishTo: flags.publish ? resolveTarget(library.db, flags.publish) : undefined,
          publishDelete: flags.delete,
        });
        watcher.on((event) => out.event(event, () => describe(event)));
        const stopped = untilStopped();
        try {
          await Promise.race([watcher.start(), stopped]);
          await stopped;
        } finally {
          await watcher.stop();
        }
      }),
    );
}
