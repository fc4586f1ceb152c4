/**
 * Throughput: every contender builds a 320- and a 1024-px-wide JPEG (quality 80) of each image
 * of a set, at the same concurrency (one worker or process per core). Contenders run in turn
 * within each round, so that noise from the shared machine falls on all of them alike.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PIXEL_LIMIT } from '../main/core/library/library.js';
import { freshDir, node, QUALITY, ROOT, thumbdesk, WIDTHS, writePresets } from './lib/cli.js';
import { WORK, type InputSet } from './lib/inputs.js';
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
 * The environment for the peers. sharp's libvips sets VIPSHOME in this process, which would send
 * the system libvips looking for its modules (HEIF among them) in the wrong place. Each peer
 * process gets one thread, as each of our renders has (sharp.concurrency(1)): parallelism is
 * the `cores` processes run at once, the same for everyone.
 */
function peerEnv(): NodeJS.ProcessEnv {
  const { VIPSHOME: _vipsHome, ...env } = process.env;
  return { ...env, VIPS_CONCURRENCY: '1', MAGICK_THREAD_LIMIT: '1', OMP_NUM_THREADS: '1' };
}

/** `files` dealt into `parts` runs of about equal length, in order. */
function split<T>(files: readonly T[], parts: number): T[][] {
  const size = Math.ceil(files.length / parts);
  return Array.from({ length: parts }, (_, i) => files.slice(i * size, (i + 1) * size));
}

/**
 * One pass per width, each `xargs -P <cores> -n <files/cores>`: `cores` processes at once, each
 * given its share of the files, as the tool's users run it over a folder.
 */
function batchContender(
  name: string,
  command: string,
  argsFor: (width: number, out: string) => string[],
  inputName: (name: string) => string = (n) => n,
): Contender {
  return {
    name,
    command,
    async round(set, cores) {
      const out = await freshDir(name.replace(/\W+/g, '-'));
      const names = set.files.map((file) => inputName(path.relative(set.dir, file)));
      const perProcess = String(Math.ceil(names.length / cores));
      let ms = 0;
      let cpuMs = 0;
      for (const width of WIDTHS) {
        await mkdir(path.join(out, String(width)));
        const args = ['-0', '-P', String(cores), '-n', perProcess, ...argsFor(width, out)];
        const pass = await runChecked('xargs', args, {
          cwd: set.dir,
          env: peerEnv(),
          input: `${names.join('\0')}\0`,
        });
        ms += pass.ms;
        cpuMs += pass.cpuMs;
      }
      const outputs = await readdir(out, { recursive: true, withFileTypes: true });
      return { ms, cpuMs, outputs: outputs.filter((e) => e.isFile()).length };
    },
  };
}

// Progressive JPEG for everyone, since ours is; metadata stripped, as ours is. `WIDTHx>`
// shrinks only, as our presets do.
const vipsthumbnail = batchContender(
  'vipsthumbnail',
  `xargs -P <cores> -n <files/cores> vipsthumbnail -s 'Wx>' -o 'OUT/W/%s.jpg[Q=${QUALITY},interlace,strip]' IMG…`,
  (width, out) => [
    'vipsthumbnail',
    '-s',
    `${width}x>`,
    '-o',
    `${out}/${width}/%s.jpg[Q=${QUALITY},interlace,strip]`,
  ],
);

// mogrify is ImageMagick's many-files-per-process command; `[0]` makes it read the first frame
// of an animation only (vipsthumbnail and our JPEG presets read only the first).
const imagemagick = batchContender(
  'ImageMagick',
  `xargs -P <cores> -n <files/cores> /usr/bin/mogrify -path OUT/W -format jpg -thumbnail 'Wx>' -quality ${QUALITY} -interlace JPEG 'IMG[0]'…`,
  (width, out) => [
    '/usr/bin/mogrify',
    '-path',
    `${out}/${width}`,
    '-format',
    'jpg',
    '-thumbnail',
    `${width}x>`,
    '-quality',
    String(QUALITY),
    '-interlace',
    'JPEG',
  ],
  (n) => `${n}[0]`,
);

const sorl: Contender = {
  name: 'sorl-thumbnail',
  command: `<cores> × python3 bench/sorl/thumbnails.py (get_thumbnail per size, quality ${QUALITY}, progressive, convert engine)`,
  async round(set, cores) {
    const out = await freshDir('sorl');
    const names = set.files.map((file) => path.relative(set.dir, file));
    const script = path.join(ROOT, 'bench/sorl/thumbnails.py');
    // One Django process per core, each with its share of the sources (a site's workers), and
    // its own output folder and key-value store. sh waits for both, so its CPU covers both.
    const jobs = split(names, cores).map(async (part, i) => {
      const dir = path.join(out, `worker-${i}`);
      await mkdir(dir);
      const args = [script, dir, set.dir, WIDTHS.join(','), String(QUALITY), ...part];
      return `/usr/bin/python3 ${args.map(shellQuote).join(' ')} &`;
    });
    const pass = await runChecked('sh', ['-c', `${(await Promise.all(jobs)).join('\n')}\nwait`], {
      env: peerEnv(),
    });
    const made = pass.stdout
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + (JSON.parse(line) as { made: number }).made, 0);
    return { ms: pass.ms, cpuMs: pass.cpuMs, outputs: made };
  },
};

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/**
 * bench/sharp-floor.ts bundled into one file run by plain node (sharp left external), so that
 * the floor's start-up is node's and sharp's alone, not a TypeScript loader's.
 */
let bundling: Promise<string> | undefined;
function bundledFloor(): Promise<string> {
  bundling ??= bundleFloor();
  return bundling;
}

async function bundleFloor(): Promise<string> {
  const bundle = path.join(WORK, 'sharp-floor.mjs');
  const esbuild = path.join(ROOT, 'node_modules/.bin/esbuild');
  await runChecked(
    esbuild,
    [
      'bench/sharp-floor.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${bundle}`,
      '--log-level=warning',
    ],
    { cwd: ROOT },
  );
  return bundle;
}

const sharpAlone: Contender = {
  name: 'sharp floor',
  command: 'node bench/work/sharp-floor.mjs (bench/sharp-floor.ts bundled; whole process)',
  async round(set, cores) {
    const out = await freshDir('sharp');
    const args = [
      await bundledFloor(),
      String(cores),
      out,
      WIDTHS.join(','),
      String(DEFAULT_PIXEL_LIMIT),
    ];
    const child = await node([...args, ...set.files]);
    if (child.code !== 0) throw new Error(`sharp-floor failed: ${child.stderr.slice(0, 500)}`);
    const floor = JSON.parse(child.stdout) as { ms: number; cpuMs: number; written: number };
    return {
      ms: child.ms,
      cpuMs: child.cpuMs,
      outputs: floor.written,
      parts: { 'in-process wall': floor.ms, 'in-process CPU': floor.cpuMs },
    };
  },
};

const CONTENDERS = [ours, vipsthumbnail, imagemagick, sorl, sharpAlone];

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
  // generate alone: its own process, start-up included (the part add and import do not repeat).
  const generate = { ms: ours.medianParts.generate!, cpuMs: ours.medianParts['generate CPU']! };
  const whole = { ms: ours.medianMs, cpuMs: ours.medianCpuMs };
  const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(6);
  lines.push('  speed ratios, peer time ÷ ours (above 1: thumbdesk faster)   wall    CPU');
  for (const peer of report.contenders.filter((c) => c !== ours)) {
    for (const [label, mine] of [
      ['add + import + generate', whole],
      ['generate alone', generate],
    ] as const) {
      lines.push(
        `    ${`${peer.name} ÷ ${label}`.padEnd(56)} ${times(peer.medianMs, mine.ms)} ${times(peer.medianCpuMs, mine.cpuMs)}`,
      );
    }
  }
  const floor = byName.get('sharp floor')!;
  const cpuCost = generate.cpuMs / floor.medianCpuMs;
  const wallCost = generate.ms / floor.medianMs;
  const verdict = (cost: number) => (cost <= 1.1 ? 'met' : 'MISSED');
  lines.push(
    `  generate ÷ sharp floor, whole processes (target ≤ 1.10): ` +
      `CPU ${cpuCost.toFixed(2)}× ${verdict(cpuCost)}, wall ${wallCost.toFixed(2)}× ${verdict(wallCost)}`,
    `  generate ÷ floor's in-process CPU (no start-up): ` +
      `${(generate.cpuMs / floor.medianParts['in-process CPU']!).toFixed(2)}×`,
  );
  return lines;
}
