/**
 * Watch mode's speed, which its tests no longer time (a loaded machine would fail them): how
 * long a file dropped into a watched source takes to have a fresh derivative, at the defaults
 * (debounce 500 ms, settle 300 ms), and how many rebuilds a burst of copies costs.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Library } from '../main/core/library/library.js';
import { SourceWatcher, type WatchEvent } from '../main/core/library/watch.js';
import { until } from '../main/core/test-support/poll.js';
import { freshDir } from './lib/cli.js';
import { fixture } from './lib/inputs.js';
import { median } from './lib/measure.js';

export interface WatchReport {
  /** From the copy's end to the derivative fresh, one per round. */
  toFreshMs: number[];
  burst: { files: number; rebuilds: number; ms: number };
}

const SLOW = { timeoutMs: 120_000, intervalMs: 10 };

/**
 * @example log(describeWatch(await watchLatency(5)).join('\n'));
 */
export async function watchLatency(rounds: number): Promise<WatchReport> {
  const dir = await freshDir('watch');
  const source = path.join(dir, 'originals');
  await mkdir(source, { recursive: true });
  await copyFile(fixture('Landscape_1.jpg'), path.join(source, 'first.jpg'));
  const library = Library.open(path.join(dir, 'library'));
  library.savePreset({ name: 'thumb', width: 320, formats: ['webp'] });
  await library.addSource(source);
  const events: WatchEvent[] = [];
  const watcher = new SourceWatcher(library);
  watcher.on((event) => events.push(event));
  const fresh = (rel: string) =>
    library
      .list()
      .find((o) => o.path === rel)
      ?.derivatives.every((d) => d.state === 'fresh');
  try {
    await watcher.start();
    await until('the first rebuild', () => events.some((e) => e.type === 'rebuilt'), SLOW);
    const toFreshMs: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const name = `round-${round}.jpg`;
      await copyFile(fixture(`Landscape_${(round % 8) + 1}.jpg`), path.join(source, name));
      const copied = performance.now();
      await until(`${name} fresh`, () => fresh(name), SLOW);
      toFreshMs.push(performance.now() - copied);
    }
    const from = events.length;
    const started = performance.now();
    const burst = Array.from({ length: 20 }, (_, i) => `burst-${i}.jpg`);
    for (const [i, name] of burst.entries()) {
      await copyFile(fixture(`Portrait_${(i % 8) + 1}.jpg`), path.join(source, name));
    }
    await until('the burst fresh', () => burst.every(fresh), SLOW);
    const rebuilds = events.slice(from).filter((e) => e.type === 'rebuilt').length;
    return {
      toFreshMs,
      burst: { files: burst.length, rebuilds, ms: performance.now() - started },
    };
  } finally {
    await watcher.stop();
    library.close();
  }
}

export function describeWatch(report: WatchReport): string[] {
  const ms = report.toFreshMs;
  return [
    `a file copied in, to its derivative fresh (default debounce and settle): median ${median(ms).toFixed(0)} ms (${ms.map((v) => v.toFixed(0)).join(', ')})`,
    `a burst of ${report.burst.files} copies: ${report.burst.rebuilds} rebuild(s), all fresh after ${(report.burst.ms / 1000).toFixed(1)} s`,
  ];
}
