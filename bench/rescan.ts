/**
 * No-change rescan: a library holding 10,000 small images is scanned again with nothing changed
 * on disk, in-process through the Library API and as a user would through the CLI.
 */
import path from 'node:path';
import { Library } from '../main/core/library/library.js';
import type { ScanReport } from '../main/core/library/scan.js';
import { freshDir, thumbdesk } from './lib/cli.js';
import type { InputSet } from './lib/inputs.js';
import { median, repeat, timed, type Timing } from './lib/measure.js';

export interface RescanReport {
  files: number;
  addMs: number;
  /** `library.scan()` alone, library already open. */
  scan: Timing[];
  /** `Library.open` then `scan()` then `close`: what a host pays per rescan. */
  openScan: Timing[];
  /** `thumbdesk scan`, Node start-up included. */
  cli: Timing[];
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
  const openScan = await repeat(rounds, async () => {
    const { value, ...timing } = await timed(async () => {
      const lib = Library.open(library);
      try {
        return await lib.scan();
      } finally {
        lib.close();
      }
    });
    changes += notUnchanged(value);
    return timing;
  });
  const lib = Library.open(library);
  const scan = await repeat(rounds, async () => {
    const { value, ...timing } = await timed(() => lib.scan());
    changes += notUnchanged(value);
    return timing;
  });
  lib.close();
  const cli = await repeat(rounds, async () => {
    const { ms, cpuMs, result } = await thumbdesk<ScanReport[]>(library, ['scan']);
    changes += notUnchanged(result);
    return { ms, cpuMs };
  });
  return { files: set.files.length, addMs: add.ms, scan, openScan, cli, notUnchanged: changes };
}

export function describeRescan(report: RescanReport): string[] {
  const fmt = (timings: Timing[]) => {
    const walls = timings.map((t) => t.ms);
    return (
      `${median(walls).toFixed(0)} ms wall (${walls.map((v) => v.toFixed(0)).join(', ')}), ` +
      `${median(timings.map((t) => t.cpuMs)).toFixed(0)} ms CPU`
    );
  };
  const cli = median(report.cli.map((t) => t.ms));
  return [
    `no-change rescan of ${report.files} files (first add took ${(report.addMs / 1000).toFixed(1)} s), medians:`,
    `  library.scan()            ${fmt(report.scan)}`,
    `  Library.open + scan       ${fmt(report.openScan)}`,
    `  thumbdesk scan (CLI)      ${fmt(report.cli)}`,
    `  target < 1000 ms (CLI wall)   ${cli < 1000 ? 'met' : 'MISSED'}`,
    ...(report.notUnchanged
      ? [`  WARNING: rescans reported ${report.notUnchanged} files as not unchanged`]
      : []),
  ];
}
