/**
 * Where one original's time goes: each step `thumbdesk` takes for it, measured alone on one core
 * through the engine's own modules, beside the floor pipeline and the cost of starting the CLI.
 * This is what turns "slower than X" into "because of Y".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePreset } from '../shared/preset-schema.js';
import { rendererFor } from '../main/core/imaging/decode-once.js';
import { placeholderOf, type RawPixels } from '../main/core/imaging/placeholder.js';
import { probeImage, type ProbeResult } from '../main/core/imaging/probe.js';
import { render, type Rendered } from '../main/core/imaging/render.js';
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

interface Renders {
  bytes: Buffer;
  outputs: Rendered[];
  /** The shared decode's pixels, which the placeholder is made from; undefined without one. */
  pixels: RawPixels | undefined;
}

/** Both widths of one original the way `generate` makes them: one decode shared by both. */
async function generateRenders(bytes: Buffer, info: ProbeResult): Promise<Renders> {
  const specs = PRESETS.map((raw) => renderSpecFor(parsePreset(raw), info, 'jpeg', 1));
  const renderer = await rendererFor({ bytes, format: info.format }, specs, limits);
  const outputs: Rendered[] = [];
  for (const spec of specs) outputs.push(await renderer.render(spec));
  return { bytes, outputs, pixels: renderer.pixels };
}

/**
 * The placeholder as `generate` makes it, by the engine's own function: from the shared
 * decode's pixels (the smallest output stands in only without them; every bench preset is a
 * width alone, so each output shows the whole picture).
 */
function placeholderFor({ bytes, outputs, pixels }: Renders): Promise<string> {
  const smallest = outputs.reduce((a, b) => (a.width * a.height <= b.width * b.height ? a : b));
  return placeholderOf(pixels, smallest.data, bytes, limits.pixelLimit);
}

/**
 * Median CPU milliseconds of `fn` run in this process. CPU time, not wall time: each step runs
 * alone on one libvips thread, so its CPU time is its cost, whatever else shares the machine.
 */
async function medianOf(times: number, fn: () => Promise<unknown>): Promise<number> {
  return medianOfRuns(times, async () => (await timed(fn)).cpuMs);
}

/** Median of what `measure` returns over `times` calls. */
async function medianOfRuns(times: number, measure: () => Promise<number>): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) durations.push(await measure());
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
  const widths = PRESETS.map((raw) => raw.width).join(' + ');
  await step(`render ${widths}, one decode (generate)`, true, () => generateRenders(bytes, info));
  const renders = await generateRenders(bytes, info);
  const from = renders.pixels ? 'the shared decode' : 'the smallest output';
  await step(`placeholder (thumbhash of ${from})`, true, () => placeholderFor(renders));
  for (const raw of PRESETS) {
    const spec = renderSpecFor(parsePreset(raw), info, 'jpeg', 1);
    await step(`render ${raw.width} alone (URL API, preview)`, false, () =>
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
    ms: await medianOfRuns(runs, async () => (await thumbdesk(library, ['status'])).cpuMs),
  });
  steps.push({
    name: "node -e '' (bare Node start-up)",
    ours: false,
    ms: await medianOfRuns(runs, async () => (await node(['-e', ''])).cpuMs),
  });
  return steps;
}

export interface SetCosts {
  files: number;
  /** Sums over the set, one core, ms. */
  placeholder: number;
  renders: number;
  floor: number;
  /** The costliest file: [name, ms of placeholder + renders]. */
  costliest: [string, number];
}

/**
 * What a whole set costs on one core, per step: shows which formats make `thumbdesk` slower than
 * the floor (those without shrink-on-load pay for every extra full decode).
 * @example const costs = await setCosts(await mixedSet(), 3);
 */
export async function setCosts(set: InputSet, samples: number): Promise<SetCosts> {
  configureSharp();
  const costs: SetCosts = { files: 0, placeholder: 0, renders: 0, floor: 0, costliest: ['', 0] };
  for (const file of set.files) {
    const bytes = await readFile(file);
    const info = await probeImage(bytes, limits);
    const renders = await medianOf(samples, () => generateRenders(bytes, info));
    const made = await generateRenders(bytes, info);
    const placeholder = await medianOf(samples, () => placeholderFor(made));
    let floor = 0;
    for (const raw of PRESETS) {
      floor += await medianOf(samples, () =>
        floorResize(bytes, raw.width, { quality: QUALITY, progressive: true, ...limits }),
      );
    }
    costs.files += 1;
    costs.placeholder += placeholder;
    costs.renders += renders;
    costs.floor += floor;
    if (placeholder + renders > costs.costliest[1]) {
      costs.costliest = [path.basename(file), placeholder + renders];
    }
  }
  return costs;
}

export function describeSetCosts(set: InputSet, costs: SetCosts): string[] {
  const ours = costs.placeholder + costs.renders;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    `all ${costs.files} files of ${set.name}, one core, sums of median CPU times:`,
    `  placeholder ${ms(costs.placeholder)} + renders ${ms(costs.renders)} = ${ms(ours)}; ` +
      `floor ${ms(costs.floor)} (placeholder is ${((costs.placeholder / ours) * 100).toFixed(0)}% of ours)`,
    `  costliest: ${costs.costliest[0]}, ${ms(costs.costliest[1])} ` +
      `(${((costs.costliest[1] / ours) * 100).toFixed(0)}% of the set)`,
  ];
}

export function describeBreakdown(set: InputSet, steps: readonly Step[]): string[] {
  const perImage = steps
    .filter((s) => s.ours && !s.name.startsWith('CLI'))
    .reduce((sum, s) => sum + s.ms, 0);
  const lines = [
    `one original of ${set.name} (${path.basename(set.files[0]!)}), one core, median CPU time per step:`,
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
