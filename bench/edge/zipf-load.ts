/**
 * Renders at the origin under a Zipf-distributed load through Varnish, from cold: wrk replays a
 * seeded Zipf sequence over originals × widths; serve's /metrics says what reached the origin
 * and what it rendered, varnishstat what the edge answered from its cache.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { counter, metricsOf, total } from '../lib/metrics.js';
import { childCpu, cpuSince } from '../lib/process-cpu.js';
import { seeded } from '../lib/random.js';
import { zipf } from '../lib/zipf.js';
import { wrk, type WrkResult } from '../url-api/wrk.js';
import { sequenceScript } from './urls.js';
import { countsSince, varnishCounts, type VarnishCounts } from './varnish-stats.js';

export interface ZipfOptions {
  /** Signed paths in popularity order (rank 0 first). */
  paths: readonly string[];
  exponent: number;
  seconds: number;
  connections: number;
  varnishPort: number;
  /** varnishd's `-n` directory, for its own counters. */
  varnishDir: string;
  originPort: number;
  workDir: string;
}

export interface ZipfResult {
  load: WrkResult;
  /** Distinct URLs among the requests wrk sent (the sequence's first `load.requests`). */
  distinctAsked: number;
  originRequests: number;
  /** Answers the origin gave that were not 200 (a full render queue answers 503). */
  originErrors: number;
  rendersBuilt: number;
  coalesced: number;
  originCacheHits: number;
  edge: VarnishCounts;
  cpu: Map<string, number>;
}

/** Draws enough for the run: wrk loops over the sequence if it asks for more. */
const SEQUENCE = 1_000_000;

async function originCounts(port: number) {
  const text = await metricsOf(port);
  const requests = total(text, 'thumbdesk_url_requests_total');
  return {
    requests,
    errors: requests - counter(text, 'thumbdesk_url_requests_total{status="200"}'),
    built: counter(text, 'thumbdesk_url_renders_total{outcome="built"}'),
    coalesced: counter(text, 'thumbdesk_url_coalesced_total'),
    hits: counter(text, 'thumbdesk_url_cache_hits_total'),
  };
}

async function idle(port: number): Promise<void> {
  for (;;) {
    const text = await metricsOf(port);
    const busy =
      counter(text, 'thumbdesk_url_render_queue_length') +
      counter(text, 'thumbdesk_url_renders_active');
    if (busy === 0) return;
    await sleep(100);
  }
}

/**
 * One run of the Zipf load through Varnish; the edge and the origin should be cold before it.
 * @example const result = await zipfLoad({ paths, exponent: 1, seconds: 30, connections: 64, … });
 */
export async function zipfLoad(options: ZipfOptions): Promise<ZipfResult> {
  const draw = zipf(options.paths.length, options.exponent, seeded(20261130));
  const order = Array.from({ length: SEQUENCE }, draw);
  const script = path.join(options.workDir, 'zipf.lua');
  await sequenceScript(script, options.paths, order);
  const before = await originCounts(options.originPort);
  const edgeBefore = await varnishCounts(options.varnishDir);
  const cpuBefore = childCpu();
  const load = await wrk(`http://127.0.0.1:${options.varnishPort}`, {
    connections: options.connections,
    seconds: options.seconds,
    script,
    timeoutSeconds: 30,
  });
  // Renders wrk stopped waiting for still finish and count: wait for the origin to be idle.
  await idle(options.originPort);
  const cpu = cpuSince(cpuBefore);
  cpu.set('wrk', load.cpuMs);
  const after = await originCounts(options.originPort);
  const edge = countsSince(edgeBefore, await varnishCounts(options.varnishDir));
  const asked = new Set<number>();
  for (let i = 0; i < Math.min(load.requests, SEQUENCE); i += 1) asked.add(order[i]!);
  return {
    load,
    distinctAsked: asked.size,
    originRequests: after.requests - before.requests,
    originErrors: after.errors - before.errors,
    rendersBuilt: after.built - before.built,
    coalesced: after.coalesced - before.coalesced,
    originCacheHits: after.hits - before.hits,
    edge,
    cpu,
  };
}
