/**
 * How the edge benchmark prints a figure: with the CPU each process used for it and the load
 * average when it was taken, since on a shared 2-core machine neither travels well without them.
 */
import os from 'node:os';

/** Milliseconds with no more digits than they deserve. */
export const ms = (value: number) =>
  value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);

/**
 * "CPU serve 1.2 s, varnishd 0.4 s · load 3.1 2.0 1.5": `used` is CPU ms per process name, with
 * `rename` mapping command names to what they are here (node → serve).
 * @example cpuAndLoad(new Map([['node', 1200]]), { node: 'serve' })
 */
export function cpuAndLoad(
  used: ReadonlyMap<string, number>,
  rename: Readonly<Record<string, string>> = {},
): string {
  const cpu = [...used]
    .filter(([, cpuMs]) => cpuMs > 0)
    .map(([name, cpuMs]) => `${rename[name] ?? name} ${(cpuMs / 1000).toFixed(2)} s`)
    .join(', ');
  return `CPU ${cpu || 'none'} · load ${loadAverage()}`;
}

/** The 1-, 5- and 15-minute load averages, e.g. "4.2 3.1 2.0". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}
