/**
 * `npm run bench`: measures the engine against its peers and its own targets, and prints the
 * figures. Not a test: it asserts nothing and is not part of `npm test`.
 *
 *   npm run bench                               every section, 3 rounds
 *   npm run bench -- --only throughput,rss      some sections
 *   npm run bench -- --rounds 5 --copies 60     more rounds, more copies of the photo
 *   npm run bench -- --only throughput --sets distinct-x96   issue 12's set alone
 *
 * Inputs are made once under bench/work/inputs; each run's libraries and outputs go to
 * bench/work/engine-tmp, emptied at the start of the next run.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { breakdown, describeBreakdown, describeSetCosts, setCosts } from './breakdown.js';
import { ensureCliBuilt } from './lib/cli.js';
import {
  distinctPhotos,
  mixedSet,
  photoCopies,
  smallFiles,
  twentyMegapixel,
  WORK,
} from './lib/inputs.js';
import { describeMachine, machine } from './lib/machine.js';
import { describePeakRss, describePeakTarget, peakRss } from './peak-rss.js';
import { describeRescan, rescan } from './rescan.js';
import { describeThroughput, throughput } from './throughput.js';
import { describeWatch, watchLatency } from './watch.js';

const SECTIONS = ['throughput', 'rescan', 'rss', 'breakdown', 'watch'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    copies: { type: 'string', default: '40' },
    sets: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const copies = Number(values.copies);
const only = (values.only?.split(',') ?? SECTIONS) as Section[];
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length || !(rounds >= 1) || !(copies >= 1)) {
  console.error(
    `usage: npm run bench -- [--only ${SECTIONS.join(',')}] [--rounds N] [--copies N] ` +
      '[--sets distinct-x96,copies,mixed]',
  );
  process.exit(1);
}

const MB = 2 ** 20;
const cores = os.availableParallelism();
const log = (line = '') => console.log(line);

ensureCliBuilt();
await rm(path.join(WORK, 'engine-tmp'), { recursive: true, force: true });
log(describeMachine(machine()));
log(`rounds      ${rounds} (medians shown)`);

if (only.includes('throughput')) {
  // The 96 distinct photos first: issue 12's set, on which generate is compared with the floor.
  const makers = {
    'distinct-x96': () => distinctPhotos(96),
    copies: () => photoCopies(copies),
    mixed: mixedSet,
  };
  const names = (values.sets?.split(',') ?? Object.keys(makers)) as (keyof typeof makers)[];
  for (const name of names) {
    if (!(name in makers))
      throw new Error(`unknown set ${name}: ${Object.keys(makers).join(', ')}`);
    const set = await makers[name]();
    log(`\n== throughput: ${set.name}`);
    log(describeThroughput(await throughput(set, rounds, cores, log)).join('\n'));
  }
}

if (only.includes('rescan')) {
  log('\n== no-change rescan');
  log(describeRescan(await rescan(await smallFiles(10_000), Math.max(rounds, 5))).join('\n'));
}

if (only.includes('rss')) {
  const set = await twentyMegapixel(20);
  log(`\n== peak RSS of thumbdesk generate, ${set.files.length} × 5472 × 3648 JPEG (q90)`);
  const atDefault = [];
  for (let round = 0; round < rounds; round += 1) {
    atDefault.push(await peakRss(set));
    log(describePeakRss(atDefault.at(-1)!));
  }
  log(describePeakTarget(atDefault, 500 * MB));
  // Beyond the target: how memory grows with concurrency.
  for (const concurrency of [1, cores * 2, cores * 8]) {
    log(describePeakRss(await peakRss(set, concurrency)));
  }
}

if (only.includes('breakdown')) {
  const set = await photoCopies(copies);
  log('\n== breakdown');
  log(describeBreakdown(set, await breakdown(set, Math.max(rounds, 10))).join('\n'));
  const mixed = await mixedSet();
  log(describeSetCosts(mixed, await setCosts(mixed, rounds)).join('\n'));
}

if (only.includes('watch')) {
  log('\n== watch');
  log(describeWatch(await watchLatency(Math.max(rounds, 5))).join('\n'));
}

// Wall times are only as good as the machine was quiet: say how busy it was by the end too.
log(
  `\nload average at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
