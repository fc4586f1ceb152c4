/**
 * `npm run bench:url-api`: the URL API of a real `thumbdesk serve` against nginx serving the
 * same cached files, its uncached renders against vipsthumbnail doing the same resize, and its
 * peak memory over a minute of mixed load at 64 connections. Not a test: it prints figures and
 * asserts nothing.
 *
 *   npm run bench:url-api
 *   npm run bench:url-api -- --seconds 5 --rounds 1 --rss-seconds 15   a quick look
 *   npm run bench:url-api -- --cached-only                            cached answers only
 *
 * Needs wrk, vipsthumbnail (libvips-tools) and nginx (benchmark only: apt-get install -y
 * nginx-light). Everything it writes goes under bench/work/url-api.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Library } from '../../main/core/library/library.js';
import { cacheFileFor } from '../../main/core/library/generate.js';
import { parseSigningPairs, signPath } from '../../main/core/server/url-api/signature.js';
import { fixture, makeFixtures, PHOTO, WORK } from '../lib/inputs.js';
import { describeMachine, machine } from '../lib/machine.js';
import { median, percentile, runChecked } from '../lib/measure.js';
import { counter, metricsOf } from '../lib/metrics.js';
import { childCpu, cpuSince } from '../lib/process-cpu.js';
import { startNginx } from './nginx.js';
import { startServer, type ServerProcess } from './processes.js';
import { wrk, type WrkResult } from './wrk.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    renders: { type: 'string', default: '30' },
    'rss-seconds': { type: 'string', default: '60' },
    'cached-only': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const renders = Number(values.renders);
const rssSeconds = Number(values['rss-seconds']);
const cachedOnly = values['cached-only'];
const CONNECTIONS = 64;
const QUALITY = 80;
const MB = 2 ** 20;

const dir = path.join(WORK, 'url-api');
const photos = path.join(dir, 'photos');
const libraryDir = path.join(dir, 'library');
const rendererDir = path.join(dir, 'renderer');
// Photos for the mixed load: the benchmark photo and the ordinary ones of the fixtures.
const MIXED = ['concert.jpg', 'flowers.jpeg', 'Landscape_1.jpg', 'Portrait_1.jpg'];
const SIGNING = { key: randomBytes(32).toString('hex'), salt: randomBytes(16).toString('hex') };
const PAIR = parseSigningPairs([SIGNING.key], [SIGNING.salt])[0]!;

/** A URL path signed as imgproxy's builders sign it. */
const signed = (signedPath: string) => `/${signPath(PAIR, signedPath)}${signedPath}`;

async function prepare(): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(photos, { recursive: true });
  await makeFixtures();
  await copyFile(PHOTO, path.join(photos, 'big.jpg'));
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
  for (const name of MIXED) await copyFile(fixture(name), path.join(photos, name));
  const library = Library.open(libraryDir);
  await library.addSource(photos);
  library.close();
}

function get(port: number, urlPath: string): Promise<{ status: number; etag: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, etag: String(res.headers.etag) }));
      })
      .on('error', reject);
  });
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

interface Side {
  runs: WrkResult[];
  /** CPU time the server used over its runs, in ms. */
  cpuMs: number;
  /** The 1-minute load average after each run. */
  loads: number[];
}

/**
 * One wrk run against `url`, with the CPU time the server's processes (`node` for the URL API,
 * `nginx` for both nginx instances, the idle one adding next to nothing) spent on it.
 */
async function measured(side: Side, url: string, server: 'node' | 'nginx'): Promise<void> {
  const before = childCpu();
  side.runs.push(await wrk(url, { connections: CONNECTIONS, seconds }));
  side.cpuMs += cpuSince(before).get(server) ?? 0;
  side.loads.push(os.loadavg()[0]!);
}

function summary(side: Side) {
  const requests = side.runs.reduce((sum, r) => sum + r.requests, 0);
  return {
    rps: median(side.runs.map((r) => r.requestsPerSecond)),
    p50: median(side.runs.map((r) => r.p50)),
    p99: median(side.runs.map((r) => r.p99)),
    cpuUsPerRequest: (1000 * side.cpuMs) / requests,
    load: median(side.loads),
    errors: side.runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function cachedThroughput(server: ServerProcess) {
  const urlPath = signed('/rs:fill:300:200/plain/local:///photos/big.jpg@webp');
  const first = await get(server.port, urlPath);
  if (first.status !== 200) throw new Error(`the URL API answered ${first.status}`);
  const file = cacheFileFor(first.etag.replaceAll('"', ''), 'webp');
  const ours = `http://127.0.0.1:${server.port}${urlPath}`;
  // JIT and caches warm before anything counts.
  await wrk(ours, { connections: CONNECTIONS, seconds: 3 });
  const cacheDir = path.join(libraryDir, 'cache');
  const single = await startNginx(cacheDir, 18481, 1, dir);
  const auto = await startNginx(cacheDir, 18482, 'auto', dir);
  const side = (): Side => ({ runs: [], cpuMs: 0, loads: [] });
  const results = { ours: side(), nginx1: side(), nginxAuto: side() };
  try {
    // Interleaved, so that a neighbour's burst on a shared machine hurts each side alike.
    for (let round = 0; round < rounds; round += 1) {
      await measured(results.ours, ours, 'node');
      await measured(results.nginx1, `http://127.0.0.1:${single.port}/${file}`, 'nginx');
      await measured(results.nginxAuto, `http://127.0.0.1:${auto.port}/${file}`, 'nginx');
    }
  } finally {
    await single.stop();
    await auto.stop();
  }
  return {
    ours: summary(results.ours),
    nginx1: summary(results.nginx1),
    nginxAuto: summary(results.nginxAuto),
  };
}

async function uncachedLatency(server: ServerProcess) {
  const ours: number[] = [];
  const vips: number[] = [];
  const out = path.join(dir, 'vips');
  await mkdir(out, { recursive: true });
  for (let i = 0; i < renders; i += 1) {
    const width = 480 + i * 7; // a new width each time: never in any cache
    const started = process.hrtime.bigint();
    const reply = await get(
      server.port,
      signed(`/w:${width}/q:${QUALITY}/plain/local:///photos/big.jpg@jpg`),
    );
    ours.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (reply.status !== 200) throw new Error(`render of width ${width} answered ${reply.status}`);
    const { ms } = await runChecked('vipsthumbnail', [
      PHOTO,
      '--size',
      `${width}x`,
      '-o',
      path.join(out, `${width}.jpg[Q=${QUALITY},strip]`),
    ]);
    vips.push(ms);
  }
  return {
    ours: { p50: percentile(ours, 50), p95: percentile(ours, 95) },
    vips: { p50: percentile(vips, 50), p95: percentile(vips, 95) },
  };
}

async function peakMemory() {
  const script = path.join(dir, 'mixed.lua');
  // 4000 distinct signed URLs (5 photos × 800 widths), drawn at random: renders, coalesced
  // renders and cache hits mixed.
  const paths = ['big.jpg', ...MIXED].flatMap((file) =>
    Array.from({ length: 800 }, (_, i) =>
      signed(`/w:${200 + i}/plain/local:///photos/${file}@jpg`),
    ),
  );
  await writeFile(
    script,
    `local paths = { ${paths.map((p) => `"${p}"`).join(', ')} }
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
`,
  );
  const server = await startServer(libraryDir, rendererDir, 64, SIGNING);
  try {
    const load = await wrk(`http://127.0.0.1:${server.port}`, {
      connections: CONNECTIONS,
      seconds: rssSeconds,
      script,
    });
    const metrics = await metricsOf(server.port);
    return {
      load,
      peakRss: server.peakRss(),
      ok: counter(metrics, 'thumbdesk_url_requests_total{status="200"}'),
      busy: counter(metrics, 'thumbdesk_url_requests_total{status="503"}'),
      built: counter(metrics, 'thumbdesk_url_renders_total{outcome="built"}'),
      coalesced: counter(metrics, 'thumbdesk_url_coalesced_total'),
      hits: counter(metrics, 'thumbdesk_url_cache_hits_total'),
    };
  } finally {
    await server.stop();
  }
}

const log = (line = '') => console.log(line);
log(describeMachine(machine()));
await prepare();
const server = await startServer(libraryDir, rendererDir, 64, SIGNING);
try {
  log(`\n== cached answers: wrk -t1 -c${CONNECTIONS}, ${seconds} s × ${rounds} rounds (medians)`);
  const cached = await cachedThroughput(server);
  log('                        req/s     p50 ms   p99 ms   CPU µs/req  load (1 min)');
  const row = (name: string, r: ReturnType<typeof summary>) =>
    log(
      `${name.padEnd(24)}${fixed(r.rps).padStart(6)}  ${fixed(r.p50, 2).padStart(9)}` +
        `${fixed(r.p99, 2).padStart(9)}  ${fixed(r.cpuUsPerRequest, 1).padStart(11)}  ${fixed(r.load, 2).padStart(12)}`,
    );
  row('URL API', cached.ours);
  row('nginx, 1 worker', cached.nginx1);
  row('nginx, auto workers', cached.nginxAuto);
  log(
    `URL API / nginx (1 w.)  ${fixed((100 * cached.ours.rps) / cached.nginx1.rps)} % (target ≥ 50 %)`,
  );
  log(`errors (URL API)        ${cached.ours.errors}`);
  if (!cachedOnly) await uncached(server);
} finally {
  await server.stop();
}
if (!cachedOnly) await memoryUnderLoad();

async function uncached(server: ServerProcess): Promise<void> {
  log(`\n== uncached renders: ${renders} new widths of a 2725 × 2225 JPEG, one at a time`);
  const latency = await uncachedLatency(server);
  log(
    `URL API (HTTP, render, cache write, catalog)  p50 ${fixed(latency.ours.p50)} ms  p95 ${fixed(latency.ours.p95)} ms`,
  );
  log(
    `vipsthumbnail (one process per image)         p50 ${fixed(latency.vips.p50)} ms  p95 ${fixed(latency.vips.p95)} ms`,
  );
}

async function memoryUnderLoad(): Promise<void> {
  log(`\n== peak RSS: ${rssSeconds} s of mixed load, ${CONNECTIONS} connections, queue 64`);
  const memory = await peakMemory();
  log(`peak RSS (VmHWM)        ${fixed(memory.peakRss / MB)} MiB`);
  log(
    `requests                ${memory.load.requests} (${fixed(memory.load.requestsPerSecond)} req/s)`,
  );
  log(`answered                200: ${memory.ok}, 503: ${memory.busy}`);
  log(
    `renders                 ${memory.built} built, ${memory.coalesced} coalesced, ${memory.hits} cache hits`,
  );
}
