/**
 * The `thumbdesk` command: every subcommand drives the library engine.
 * Exit status: 0 all succeeded, 2 finished with some items failed, 1 fatal.
 */
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatBytes, formatDimensions } from '../../shared/naming.js';
import { parsePresetFile } from '../../shared/preset.js';
import { Library } from '../core/library/library.js';
import { createOutput, table, type Output } from './output.js';
import { createProgressReporter } from './progress-bar.js';

/** Exit status for a run that finished with some items failed. */
export const EXIT_PARTIAL = 2;

export class CliError extends Error {}

interface GlobalOptions {
  library: string;
  json: boolean;
  pixelLimit?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs `action` with the library open, and always closes it. */
function withLibrary(
  program: Command,
  action: (
    library: Library,
    out: Output,
    ...args: never[]
  ) => Promise<number | void> | number | void,
) {
  return async (...args: unknown[]) => {
    const globals = program.opts<GlobalOptions>();
    const out = createOutput(globals.json);
    const library = Library.open(globals.library, { pixelLimit: globals.pixelLimit });
    try {
      const code = await action(library, out, ...(args as never[]));
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    } finally {
      library.close();
    }
  };
}

function scanSummary(r: {
  source: string;
  added: number;
  changed: number;
  touched: number;
  unchanged: number;
  removed: number;
  failed: number;
}): string {
  return `${r.source}: ${r.added} added, ${r.changed} changed, ${r.unchanged + r.touched} unchanged, ${r.removed} removed, ${r.failed} failed`;
}

export function createProgram(): Command {
  const program = new Command('thumbdesk')
    .description('Image derivatives from folders of originals, tracked in a SQLite catalog.')
    .addOption(
      new Option('--library <dir>', 'the library folder')
        .env('THUMBDESK_LIBRARY')
        .default('./.thumbdesk'),
    )
    .option('--json', 'print exactly one JSON document on stdout', false)
    .option('--pixel-limit <pixels>', 'largest accepted input, width × height', positiveInt)
    .showHelpAfterError()
    .exitOverride();

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

  program
    .command('scan')
    .description('rescan every source: new, changed, removed')
    .action(
      withLibrary(program, async (library, out) => {
        const reports = await library.scan();
        out.result(reports, () =>
          reports.length
            ? reports.map(scanSummary).join('\n')
            : 'no sources: add one with "thumbdesk add FOLDER"',
        );
        for (const r of reports) r.problems.forEach((p) => out.warn(`warning: ${p}`));
        return reports.some((r) => r.failed > 0 || r.problems.length > 0) ? EXIT_PARTIAL : 0;
      }),
    );

  const presets = program.command('presets').description('manage presets');
  presets
    .command('import')
    .description('add or replace presets from a JSON file')
    .argument('<file>')
    .action(
      withLibrary(program, async (library, out, file: string) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          throw new CliError(`cannot read presets from ${file}: ${(error as Error).message}`);
        }
        const changes = library.importPresets(parsePresetFile(parsed));
        out.result(changes, () => changes.map((c) => `${c.name}: ${c.change}`).join('\n'));
      }),
    );
  presets
    .command('export')
    .description('print every preset as a preset file')
    .action(
      withLibrary(program, (library) => {
        process.stdout.write(`${JSON.stringify(library.exportPresets(), null, 2)}\n`);
      }),
    );
  presets
    .command('list')
    .description('list presets')
    .action(
      withLibrary(program, (library, out) => {
        const list = library.presets();
        out.result(list, () =>
          list.length
            ? table([
                ['name', 'size', 'fit', 'formats', 'densities'],
                ...list.map((p) => [
                  p.name,
                  `${p.width ?? '·'} × ${p.height ?? '·'}`,
                  p.fit,
                  p.formats.join(','),
                  p.densities.map((d) => `${d}x`).join(','),
                ]),
              ])
            : 'no presets: import some with "thumbdesk presets import FILE"',
        );
      }),
    );

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

  program
    .command('list')
    .description('every original with its derivatives')
    .action(
      withLibrary(program, (library, out) => {
        const originals = library.list();
        const json = originals.map(({ source, path, hash, width, height, error, derivatives }) => ({
          source,
          path,
          hash,
          width,
          height,
          error,
          derivatives: derivatives.map(
            ({ preset, format, density, width, height, bytes, state, file }) => ({
              preset,
              format,
              density,
              width,
              height,
              bytes,
              state,
              file,
            }),
          ),
        }));
        out.result(
          json,
          () =>
            originals
              .map((o) => {
                const head = `${o.source}/${o.path}  ${o.error ? `FAILED: ${o.error}` : formatDimensions(o.width ?? 0, o.height ?? 0)}`;
                const lines = o.derivatives.map(
                  (d) =>
                    `  ${d.preset} ${d.format} ${d.density}x  ${d.width && d.height ? formatDimensions(d.width, d.height) : ''}  ${d.bytes === null ? '' : formatBytes(d.bytes)}  ${d.state}`,
                );
                return [head, ...lines].join('\n');
              })
              .join('\n') || 'no originals: add a folder with "thumbdesk add FOLDER"',
        );
      }),
    );

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

  program
    .command('gc')
    .description('delete what no longer belongs to an original and a preset')
    .action(
      withLibrary(program, async (library, out) => {
        const report = await library.gc();
        out.result(
          report,
          () =>
            `${report.rows} rows and ${report.files} files removed (${formatBytes(report.bytes)})`,
        );
      }),
    );

  return program;
}
