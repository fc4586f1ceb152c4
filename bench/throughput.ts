/**
 * Throughput: every contender builds a 320- and a 1024-px-wide JPEG (quality 80) of each image
 * of a set, at the same concurrency (one worker or process per core). Contenders run in turn
 * within each round, so that noise from the shared machine falls on all of them alike.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { freshDir, node, QUALITY, thumbdesk, WIDTHS, writePresets } from './lib/cli.js';
import type { InputSet } from './lib/inputs.js';
import { median, runChecked } from './lib/measure.js';

export interface Round {
  /** Wall time of the whole run, process start-up included. */
  ms: number;
  /** CPU time (user + system, all threads and processes) of the same. */
  cpuMs: number;
  /** Output files made (both widths). */
  outputs: number;
  /** Parts of `ms` worth printing on their own (e.g. generate alone). */
  parts?: Record<string, number>;
  failed?: number;
}

interface Contender {
  name: string;
  /** How it was run, for the report. */
  command: string;
  round: (set: InputSet, cores: number) => Promise<Round>;
}

interface GenerateResult {
  built: number;
  failed: number;
  elapsedMs: number;
}

const ours: Contender = {
  name: 'thumbdesk',
  command: 'thumbdesk add DIR && thumbdesk presets import p.json && thumbdesk generate',
  async round(set, cores) {
    const dir = await freshDir('ours');
    const library = path.join(dir, 'library');
    const presets = await writePresets(dir);
    const add = await thumbdesk(library, ['add', set.dir]);
    const importing = await thumbdesk(library, ['presets', 'import', presets]);
    const generate = await thumbdesk<GenerateResult>(library, [
      'generate',
      '--concurrency',
      String(cores),
    ]);
    return {
      ms: add.ms + importing.ms + generate.ms,
      cpuMs: add.cpuMs + importing.cpuMs + generate.cpuMs,
      outputs: generate.result.built,
      parts: {
        add: add.ms,
        'presets import': importing.ms,
        generate: generate.ms,
        'generate in-process': generate.result.elapsedMs,
        'generate CPU': generate.cpuMs,
      },
      failed: generate.result.failed,
    };
  },
};

/**
 * The environment for the Debian tools. sharp's libvips sets VIPSHOME in this process, which
 * would send the system libvips looking for its modules (HEIF among them) in the wrong place.
 */
function peerEnv(): NodeJS.ProcessEnv {
  const { VIPSHOME: _vipsHome, ...env } = process.env;
  return env;
}

/** One `xargs -P <cores>` pass per width, each running `command(width, out)` per file. */
function xargsContender(
  name: string,
  command: string,
  argsFor: (width: number, out: string) => string[],
): Contender {
  return {
    name,
    command,
    async round(set, cores) {
      const out = await freshDir(name.replace(/\W+/g, '-'));
      const names = set.files.map((file) => path.relative(set.dir, file));
      let ms = 0;
      let cpuMs = 0;
      for (const width of WIDTHS) {
        const args = ['-0', '-P', String(cores), '-I{}', ...argsFor(width, out)];
        const pass = await runChecked('xargs', args, {
          cwd: set.dir,
          env: peerEnv(),
          input: `${names.join('\0')}\0`,
        });
        ms += pass.ms;
        cpuMs += pass.cpuMs;
      }
      return { ms, cpuMs, outputs: (await readdir(out)).length };
    },
  };
}

// `WIDTHx>` shrinks only, as our presets do; `[0]` makes ImageMagick write the first frame of
// an animation (vipsthumbnail and our JPEG presets read only the first).
const vipsthumbnail = xargsContender(
  'vipsthumbnail',
  `xargs -P <cores> vipsthumbnail IMG -s 'Wx>' -o OUT/%s_W.jpg[Q=${QUALITY}]`,
  (width, out) => [
    'vipsthumbnail',
    '{}',
    '-s',
    `${width}x>`,
    '-o',
    `${out}/%s_${width}.jpg[Q=${QUALITY}]`,
  ],
);

const imagemagick = xargsContender(
  'ImageMagick',
  `xargs -P <cores> /usr/bin/convert 'IMG[0]' -thumbnail 'Wx>' -quality ${QUALITY} OUT`,
  (width, out) => [
    '/usr/bin/convert',
    '{}[0]',
    '-thumbnail',
    `${width}x>`,
    '-quality',
    String(QUALITY),
    `${out}/${width}-{}.jpg`,
  ],
);

const sharpAlone: Contender = {
  name: 'sharp alone',
  command: 'node --import tsx bench/sharp-floor.ts (time inside the process)',
  async round(set, cores) {
    const out = await freshDir('sharp');
    const args = ['--import', 'tsx', 'bench/sharp-floor.ts', String(cores), out];
    const child = await node([...args, WIDTHS.join(','), ...set.files]);
    if (child.code !== 0) throw new Error(`sharp-floor failed: ${child.stderr.slice(0, 500)}`);
    const floor = JSON.parse(child.stdout) as { ms: number; cpuMs: number; written: number };
    return {
      ms: floor.ms,
      cpuMs: floor.cpuMs,
      outputs: floor.written,
      parts: { 'wall, tsx start-up included': child.ms },
    };
  },
};

const CONTENDERS = [ours, vipsthumbnail, imagemagick, sharpAlone];

export interface ContenderReport {
  name: string;
  command: string;
  rounds: Round[];
  medianMs: number;
  medianCpuMs: number;
  /** Originals per second of wall time (each original gives both widths). */
  imagesPerSecond: number;
  /** Originals per second of CPU time: steadier than wall time on a shared machine. */
  imagesPerCpuSecond: number;
  medianParts: Record<string, number>;
}

export interface ThroughputReport {
  set: string;
  images: number;
  cores: number;
  contenders: ContenderReport[];
}

/**
 * Runs every contender `rounds` times on `set` and keeps the median of each.
 * @example const report = await throughput(await mixedSet(), 3, 2, console.log);
 */
export async function throughput(
  set: InputSet,
  rounds: number,
  cores: number,
  log: (line: string) => void,
): Promise<ThroughputReport> {
  const results = new Map<Contender, Round[]>(CONTENDERS.map((c) => [c, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const contender of CONTENDERS) {
      const outcome = await contender.round(set, cores);
      results.get(contender)!.push(outcome);
      log(
        `  round ${round}  ${contender.name.padEnd(14)} ${seconds(outcome.ms)} wall, ` +
          `${seconds(outcome.cpuMs)} CPU, ${outcome.outputs} files`,
      );
    }
  }
  const contenders = CONTENDERS.map((contender) => {
    const all = results.get(contender)!;
    const medianMs = median(all.map((r) => r.ms));
    const medianCpuMs = median(all.map((r) => r.cpuMs));
    const partNames = Object.keys(all[0]!.parts ?? {});
    const medianParts = Object.fromEntries(
      partNames.map((part) => [part, median(all.map((r) => r.parts![part]!))]),
    );
    return {
      name: contender.name,
      command: contender.command,
      rounds: all,
      medianMs,
      medianCpuMs,
      imagesPerSecond: set.files.length / (medianMs / 1000),
      imagesPerCpuSecond: set.files.length / (medianCpuMs / 1000),
      medianParts,
    };
  });
  return { set: set.name, images: set.files.length, cores, contenders };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The report as lines: images per second, then each target against what was measured. */
export function describeThroughput(report: ThroughputReport): string[] {
  const byName = new Map(report.contenders.map((c) => [c.name, c]));
  const ours = byName.get('thumbdesk')!;
  const lines = [
    `${report.set}: ${report.images} images × ${WIDTHS.join(' + ')} px, concurrency ${report.cores}`,
    `  ${''.padEnd(14)} ${'img/s'.padStart(6)} ${'img/CPU-s'.padStart(10)}  medians`,
  ];
  for (const c of report.contenders) {
    const parts = Object.entries(c.medianParts)
      .map(([name, ms]) => `${name} ${seconds(ms)}`)
      .join(', ');
    lines.push(
      `  ${c.name.padEnd(14)} ${c.imagesPerSecond.toFixed(1).padStart(6)} ` +
        `${c.imagesPerCpuSecond.toFixed(1).padStart(10)}  ` +
        `${seconds(c.medianMs)} wall, ${seconds(c.medianCpuMs)} CPU${parts ? `; ${parts}` : ''}`,
    );
  }
  const failed = Math.max(...ours.rounds.map((r) => r.failed ?? 0));
  if (failed) lines.push(`  note: thumbdesk reported ${failed} failed derivatives`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const target = (name: string, label: string, ok: (wall: number) => boolean) => {
    const other = byName.get(name)!;
    const wall = ours.imagesPerSecond / other.imagesPerSecond;
    const cpu = ours.imagesPerCpuSecond / other.imagesPerCpuSecond;
    return (
      `  thumbdesk / ${name.padEnd(14)} ${wall.toFixed(2)}× wall, ${cpu.toFixed(2)}× CPU   ` +
      `target ${label}   ${verdict(ok(wall))} (by wall time)`
    );
  };
  lines.push(
    target('vipsthumbnail', '≥ 1.5×', (r) => r >= 1.5),
    target('ImageMagick', '≥ 8×', (r) => r >= 8),
    target('sharp alone', '≥ 0.8× (≤ 25% slower)', (r) => 1 / r <= 1.25),
  );
  return lines;
}
