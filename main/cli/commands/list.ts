import { formatBytes, formatDimensions } from '../../../shared/naming.js';
import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';

export function register(program: Command): void {
  program
    .command('list')
    .description('every original with its derivatives')
    .action(
      withLibrary(program, (library, out) => {
        const originals = library.list();
        const json = originals.map(
          ({ source, path, hash, width, height, error, excluded, derivatives }) => ({
            source,
            path,
            hash,
            width,
            height,
            error,
            excluded,
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
          }),
        );
        out.result(
          json,
          () =>
            originals
              .map((o) => {
                const head = `${o.source}/${o.path}  ${o.error ? `FAILED: ${o.error}` : formatDimensions(o.width ?? 0, o.height ?? 0)}${o.excluded ? '  EXCLUDED' : ''}`;
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
}
