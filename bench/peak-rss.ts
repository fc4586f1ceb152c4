/**
 * Peak RSS of `thumbdesk generate` building the two presets from 20-megapixel JPEGs. The peak is
 * taken two ways: the kernel's VmHWM polled every 50 ms from outside, and the process's own
 * `maxRSS` written at exit by a tiny preloaded module (exact, including the last 50 ms).
 */
import os from 'node:os';
import path from 'node:path';
import { freshDir, thumbdesk, writePresets } from './lib/cli.js';
import type { InputSet } from './lib/inputs.js';
import { median } from './lib/measure.js';

const MAX_RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  "process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS+'\\n'))",
)}`;

export interface PeakRssReport {
  files: number;
  /** As asked: a number, or the CLI's default (the number of cores). */
  concurrency: string;
  /** Bytes. */
  polled: number;
  /** Bytes, from process.resourceUsage().maxRSS at exit. */
  atExit: number;
  ms: number;
}

/**
 * @example const report = await peakRss(await twentyMegapixel(20));
 */
export async function peakRss(set: InputSet, concurrency?: number): Promise<PeakRssReport> {
  const dir = await freshDir('rss');
  const library = path.join(dir, 'library');
  await thumbdesk(library, ['add', set.dir]);
  await thumbdesk(library, ['presets', 'import', await writePresets(dir)]);
  const args = concurrency ? ['generate', '--concurrency', String(concurrency)] : ['generate'];
  const generate = await thumbdesk(library, args, {
    nodeArgs: ['--import', MAX_RSS_PROBE],
    sampleRssMs: 50,
  });
  const atExit = /maxrss=(\d+)/.exec(generate.stderr);
  return {
    files: set.files.length,
    concurrency: concurrency ? String(concurrency) : `default=${os.availableParallelism()}`,
    polled: generate.peakRss,
    atExit: atExit ? Number(atExit[1]) * 1024 : 0,
    ms: generate.ms,
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** The larger of the two readings: each can miss what the other saw. */
const peakOf = (report: PeakRssReport) => Math.max(report.polled, report.atExit);

export function describePeakRss(report: PeakRssReport): string {
  return (
    `  concurrency ${report.concurrency.padEnd(9)} peak RSS ${mb(peakOf(report))} ` +
    `(at exit ${mb(report.atExit)}, polled ${mb(report.polled)}; ${(report.ms / 1000).toFixed(1)} s)`
  );
}

/** Median and worst of several runs against the target: malloc makes RSS vary run to run. */
export function describePeakTarget(reports: readonly PeakRssReport[], target: number): string {
  const peaks = reports.map(peakOf);
  const worst = Math.max(...peaks);
  return (
    `  median ${mb(median(peaks))}, worst ${mb(worst)} of ${peaks.length} runs   ` +
    `target < ${mb(target)}   ${worst < target ? 'met' : 'MISSED'}`
  );
}
