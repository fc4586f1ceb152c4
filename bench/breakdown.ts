/**
 * Where one original's time goes: each step `thumbdesk` takes for it, timed alone on one core
 * through the engine's own modules, beside the floor pipeline and the cost of starting the CLI.
 * This is what turns "slower than X" into "because of Y".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePreset } from '../shared/preset.js';
import { thumbHashOf } from '../main/core/imaging/placeholder.js';
import { probeImage } from '../main/core/imaging/probe.js';
import { render } from '../main/core/imaging/render.js';
import { renderSpecFor } from '../main/core/imaging/render-spec.js';
import { configureSharp } from '../main/core/imaging/sharp-setup.js';
import { contentHash } from '../main/core/library/hash-file.js';
import { DEFAULT_PIXEL_LIMIT } from '../main/core/library/library.js';
import { freshDir, node, PRESETS, QUALITY, thumbdesk } from './lib/cli.js';
import { floorResize } from './lib/floor.js';
import type { InputSet } from './lib/inputs.js';
import { median, timed } from './lib/measure.js';

export interface Step {
  name: string;
  /** Median milliseconds per original. */
  ms: number;
  /** Part of what `thumbdesk` does (true) or a reference (false). */
  ours: boolean;
}

const limits = { pixelLimit: DEFAULT_PIXEL_LIMIT };

async function medianOf(times: number, fn: () => Promise<unknown>): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) durations.push((await timed(fn)).ms);
  return median(durations);
}

/**
 * @example const steps = await breakdown(await photoCopies(40), 10);
 */
export async function breakdown(set: InputSet, samples: number): Promise<Step[]> {
  configureSharp();
  const file = set.files[0]!;
  const bytes = await readFile(file);
  const info = await probeImage(bytes, limits);
  const steps: Step[] = [];
  /** `times`: how often thumbdesk takes this step per original (scan and generate both hash). */
  const step = async (name: string, ours: boolean, fn: () => Promise<unknown>, times = 1) => {
    await fn(); // warm: first calls load codecs
    steps.push({ name, ours, ms: times * (await medianOf(samples, fn)) });
  };

  await step('read file ×2 (scan, generate)', true, () => readFile(file), 2);
  await step('sha-256 ×2 (scan, generate)', true, async () => contentHash(bytes), 2);
  await step('probe (scan, header only)', true, () => probeImage(bytes, limits));
  await step('placeholder (thumbhash)', true, () => thumbHashOf(bytes, limits.pixelLimit));
  for (const raw of PRESETS) {
    const spec = renderSpecFor(parsePreset(raw), info, 'jpeg', 1);
    await step(`render ${raw.width} (engine)`, true, () =>
      render({ bytes, format: info.format }, spec, limits),
    );
  }
  for (const progressive of [true, false]) {
    for (const { width } of PRESETS) {
      const label = `floor ${width}${progressive ? ' progressive' : ' baseline'}`;
      await step(label, false, () =>
        floorResize(bytes, width, { quality: QUALITY, progressive, pixelLimit: limits.pixelLimit }),
      );
    }
  }

  const library = path.join(await freshDir('startup'), 'library');
  await thumbdesk(library, ['status']);
  const runs = Math.min(samples, 5);
  steps.push({
    name: 'CLI start-up (thumbdesk status, empty library)',
    ours: true,
    ms: await medianOf(runs, () => thumbdesk(library, ['status'])),
  });
  steps.push({
    name: "node -e '' (bare Node start-up)",
    ours: false,
    ms: await medianOf(runs, () => node(['-e', ''])),
  });
  return steps;
}

export function describeBreakdown(set: InputSet, steps: readonly Step[]): string[] {
  const perImage = steps
    .filter((s) => s.ours && !s.name.startsWith('CLI'))
    .reduce((sum, s) => sum + s.ms, 0);
  const lines = [
    `one original of ${set.name} (${path.basename(set.files[0]!)}), one core, median per step:`,
  ];
  for (const s of steps) {
    const share =
      s.ours && !s.name.startsWith('CLI') ? `${((s.ms / perImage) * 100).toFixed(0)}%` : '';
    lines.push(`  ${s.name.padEnd(48)} ${s.ms.toFixed(1).padStart(7)} ms  ${share.padStart(4)}`);
  }
  lines.push(
    `  ${'per-original work of thumbdesk (sum of %)'.padEnd(48)} ${perImage.toFixed(1).padStart(7)} ms`,
  );
  return lines;
}
