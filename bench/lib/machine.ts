/**
 * What the figures were measured on: printed with every run so that a number never travels
 * without its machine.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import sharp from 'sharp';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memory: string;
  node: string;
  sharp: string;
  libvipsForSharp: string;
  vipsthumbnail: string;
  imagemagick: string;
  loadAverage: string;
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'not available';
  }
}

/** @example console.log(describeMachine(machine())); */
export function machine(): Machine {
  return {
    date: new Date().toISOString(),
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    sharp: sharp.versions.sharp ?? 'unknown',
    libvipsForSharp: sharp.versions.vips,
    vipsthumbnail: firstLine('vipsthumbnail', ['--vips-version']),
    imagemagick: firstLine('/usr/bin/convert', ['-version']),
    loadAverage: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

export function describeMachine(m: Machine): string {
  return [
    `date        ${m.date}`,
    `cpu         ${m.cores} × ${m.cpu}, ${m.memory} RAM, load ${m.loadAverage}`,
    `node        ${m.node}, sharp ${m.sharp} (libvips ${m.libvipsForSharp})`,
    `peers       vipsthumbnail (${m.vipsthumbnail}), ${m.imagemagick}`,
  ].join('\n');
}
