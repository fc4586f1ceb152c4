/**
 * Child process for the "sharp alone" floor: the same outputs as `thumbdesk generate`, with the
 * engine's sharp settings and concurrency, each original read once and decoded once
 * (`floorDecodeOnce`). Prints one
 * JSON line: the wall and CPU milliseconds from the first read to the last write, and the
 * outputs written. It imports sharp and nothing heavier (the pixel limit comes as an argument),
 * so that its whole process, bundled and run by plain node, is a fair floor for a CLI's.
 *
 * Usage: node --import tsx bench/sharp-floor.ts <concurrency> <outDir> <width,width> <pixelLimit> <file>...
 * (the throughput bench runs it bundled: node bench/work/sharp-floor.mjs, same arguments)
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configureSharp } from '../main/core/imaging/sharp-setup.js';
import { floorDecodeOnce } from './lib/floor.js';

const [concurrencyArg, outDir, widthsArg, pixelLimitArg, ...files] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const widths = widthsArg!.split(',').map(Number);
const queue = files.map((file, index) => ({ file, index }));
let written = 0;

async function worker(): Promise<void> {
  for (let item = queue.shift(); item; item = queue.shift()) {
    const bytes = await readFile(item.file);
    const jpegs = await floorDecodeOnce(bytes, widths, {
      quality: 80,
      progressive: true,
      pixelLimit: Number(pixelLimitArg),
    });
    for (const [i, jpeg] of jpegs.entries()) {
      const name = `${item.index}-${path.parse(item.file).name}-${widths[i]}.jpg`;
      await writeFile(path.join(outDir!, name), jpeg);
      written += 1;
    }
  }
}

configureSharp();
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
await Promise.all(Array.from({ length: concurrency }, worker));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, written })}\n`);
