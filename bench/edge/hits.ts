/**
 * Cache hits through Varnish against nginx serving the same rendered files from disk, with the
 * same wrk (threads, connections, duration) and the same request sequences, interleaved round by
 * round so that a neighbour's burst on a shared machine hurts both sides alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metricsOf, total } from '../lib/metrics.js';
import { median } from '../lib/measure.js';
import { childCpu, cpuSince } from '../lib/process-cpu.js';
import { seeded } from '../lib/random.js';
import { zipf } from '../lib/zipf.js';
import { wrk, type WrkResult } from '../url-api/wrk.js';
import { sequenceScript } from './urls.js';

export interface Warmed {
  /** nginx's path of each signed path's body, in the same order. */
  staticPaths: string[];
  /** Each body's size in bytes, in the same order. */
  sizes: number[];
  /** Answers Varnish already had (from the Zipf run) when warming. */
  alreadyHits: number;
}

/**
 * Asks Varnish for every path once, so that all are cached, and writes each body it answered
 * into `staticDir` for nginx: the two serve the very same bytes.
 * @example const warmed = await warm(varnishPort, paths, staticDir);
 */
export async function warm(
  varnishPort: number,
  paths: readonly string[],
  staticDir: string,
): Promise<Warmed> {
  await mkdir(staticDir, { recursive: true });
  const staticPaths: string[] = [];
  const sizes: number[] = [];
  let alreadyHits = 0;
  for (const [rank, urlPath] of paths.entries()) {
    const reply = await fetch(`http://127.0.0.1:${varnishPort}${urlPath}`);
    const body = Buffer.from(await reply.arrayBuffer());
    if (reply.status !== 200) throw new Error(`Varnish answered ${reply.status} for ${urlPath}`);
    if (reply.headers.get('x-cache') === 'HIT') alreadyHits += 1;
    const name = `${rank}.jpg`;
    await writeFile(path.join(staticDir, name), body);
    staticPaths.push(`/${name}`);
    sizes.push(body.length);
  }
  return { staticPaths, sizes, alreadyHits };
}

export interface Side {
  rps: number;
  p50: number;
  p99: number;
  /** Answers not 2xx/3xx, and requests that timed out (2 s), over all rounds. */
  failed: number;
  /**
   * CPU µs per answered request (medians over runs) of the server's processes and of wrk:
   * steadier than req/s on a shared machine, where a one-process nginx and a many-threaded
   * Varnish get different shares of a contended CPU.
   */
  serverUsPerRequest: number;
  wrkUsPerRequest: number;
}

export interface HitsResult {
  varnish: Side;
  nginx: Side;
  /** Requests that reached the origin while Varnish was measured: 0 when every answer was a hit. */
  originRequests: number;
}

export interface HitsOptions {
  varnishPort: number;
  nginxPort: number;
  originPort: number;
  /** Paths on each side, in the same order; `order` indexes both. */
  varnishPaths: readonly string[];
  nginxPaths: readonly string[];
  order: 'first' | 'zipf';
  exponent: number;
  connections: number;
  seconds: number;
  rounds: number;
  workDir: string;
}

type Run = WrkResult & { server: number };

async function originRequests(port: number): Promise<number> {
  return total(await metricsOf(port), 'thumbdesk_url_requests_total');
}

/**
 * wrk against Varnish and nginx in turn, `rounds` times: one URL (`order: 'first'`, the most
 * popular), or a seeded Zipf sequence over all of them, the same for both.
 * @example const result = await compareHits({ order: 'first', rounds: 3, … });
 */
export async function compareHits(options: HitsOptions): Promise<HitsResult> {
  const sides = {
    varnish: { port: options.varnishPort, paths: options.varnishPaths, name: 'varnishd' },
    nginx: { port: options.nginxPort, paths: options.nginxPaths, name: 'nginx' },
  };
  const targets = await Promise.all(
    Object.entries(sides).map(async ([side, { port, paths, name }]) => {
      if (options.order === 'first') {
        return { side, name, url: `http://127.0.0.1:${port}${paths[0]}` };
      }
      const draw = zipf(paths.length, options.exponent, seeded(7));
      const script = path.join(options.workDir, `hits-${side}.lua`);
      await sequenceScript(script, paths, Array.from({ length: 200_000 }, draw));
      return { side, name, url: `http://127.0.0.1:${port}`, script };
    }),
  );
  const runs = new Map<string, Run[]>();
  // nginx never reaches the origin: what does while this runs came through Varnish.
  const originBefore = await originRequests(options.originPort);
  for (let round = 0; round < options.rounds; round += 1) {
    for (const { side, name, url, script } of targets) {
      const before = childCpu();
      const result = await wrk(url, {
        connections: options.connections,
        seconds: options.seconds,
        script,
      });
      const server = cpuSince(before).get(name) ?? 0;
      runs.set(side, [...(runs.get(side) ?? []), { ...result, server }]);
    }
  }
  const summary = (side: string): Side => {
    const list = runs.get(side)!;
    return {
      rps: median(list.map((r) => r.requestsPerSecond)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      failed: list.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
      serverUsPerRequest: median(list.map((r) => (1000 * r.server) / r.requests)),
      wrkUsPerRequest: median(list.map((r) => (1000 * r.cpuMs) / r.requests)),
    };
  };
  return {
    varnish: summary('varnish'),
    nginx: summary('nginx'),
    originRequests: (await originRequests(options.originPort)) - originBefore,
  };
}
