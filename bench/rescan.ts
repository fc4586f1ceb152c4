/**
 * No-change rescan: a library holding 10,000 small images is scanned again with nothing changed
 * on disk, in-process through the Library API and as a user would through the CLI.
 */
import path from 'node:path';
import { Library } from '../main/core/library/library.js';
import type { ScanReport } from '../main/core/library/scan.js';
import { freshDir, thumbdesk } from './lib/cli.js';
import type { InputSet } from './lib/inputs.js';
import { median, repeat, timed } from './lib/measure.js';

export interface RescanReport {
  files: number;
  addMs: number;
  /** `library.scan()` alone, library already open. */
  scanMs: number[];
  /** `Library.open` then `scan()` then `close`: what a host pays per rescan. */
  openScanMs: number[];
  /** `thumbdesk scan` wall time, Node start-up included. */
  cliMs: number[];
  /** Files the rescans reported as anything but unchanged (should be 0). */
  notUnchanged: number;
}

function notUnchanged(reports: readonly ScanReport[]): number {
  return reports.reduce((n, r) => n + r.added + r.changed + r.touched + r.removed, 0);
}

/**
 * @example const report = await rescan(await smallFiles(10_000), 5);
 */
export async function rescan(set: InputSet, rounds: number): Promise<RescanReport> {
  const library = path.join(await freshDir('rescan'), 'library');
  const add = await thumbdesk(library, ['add', set.dir]);
  let changes = 0;
  const openScanMs = await repeat(rounds, async () => {
    const { ms, value } = await timed(async () => {
      const lib = Library.open(library);
      try {
        return await lib.scan();
      } finally {
        lib.close();
      }
    });
    changes += notUnchanged(value);
    return ms;
  });
  const lib = Library.open(library);
  const scanMs = await repeat(rounds, async () => {
    const { ms, value } = await timed(() => lib.scan());
    changes += notUnchanged(value);
    return ms;
  });
  lib.close();
  const cliMs = await repeat(rounds, async () => {
    const { ms, result } = await thumbdesk<ScanReport[]>(library, ['scan']);
    changes += notUnchanged(result);
    return ms;
  });
  return {
    files: set.files.length,
    addMs: add.ms,
    scanMs,
    openScanMs,
    cliMs,
    notUnchanged: changes,
  };
}

export function describeRescan(report: RescanReport): string[] {
  const fmt = (values: number[]) =>
    `${median(values).toFixed(0)} ms median (${values.map((v) => v.toFixed(0)).join(', ')})`;
  const cli = median(report.cliMs);
  return [
    `no-change rescan of ${report.files} files (first add took ${(report.addMs / 1000).toFixed(1)} s)`,
    `  library.scan()            ${fmt(report.scanMs)}`,
    `  Library.open + scan       ${fmt(report.openScanMs)}`,
    `  thumbdesk scan (CLI)      ${fmt(report.cliMs)}   target < 1000 ms   ${cli < 1000 ? 'met' : 'MISSED'}`,
    ...(report.notUnchanged
      ? [`  WARNING: rescans reported ${report.notUnchanged} files as not unchanged`]
      : []),
  ];
}
