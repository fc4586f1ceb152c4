/**
 * `npm run bench:edge`: the URL API behind a real Varnish 7 running docs/varnish/thumbdesk.vcl
 * (varnish-modules' xkey), as a site would deploy it. Three figures, in the order they run:
 *
 * 1. renders at the origin under a Zipf-distributed load of URLs (originals × widths), from a
 *    cold edge and a cold origin: what the origin rendered, what the edge answered, latency;
 * 2. cache hits through Varnish against nginx (one worker) serving the same bytes from files:
 *    one URL, then a Zipf sequence over every URL, same wrk threads/connections/duration;
 * 3. the time from a changed original on disk to a fresh image at the edge, through
 *    `serve --watch --purge varnish:…`, over 50 changes: p50, p95, max.
 *
 * Not a test: it prints figures and asserts nothing timed. Everything it starts is stopped at
 * the end, on an error, and on Ctrl-C. Everything it writes goes under bench/work/edge.
 *
 *   npm run bench:edge
 *   npm run bench:edge -- --seconds 3 --rounds 1 --zipf-seconds 10 --changes 10   a quick look
 *
 * Needs varnishd with varnish-modules (apt-get install -y varnish varnish-modules), nginx and wrk.
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Library } from '../../main/core/library/library.js';
import { freePort, startVarnish } from '../../main/core/test-support/varnish.js';
import { cleanUp, interrupted, started } from '../lib/cleanup.js';
import { distinctPhotos, fixture, WORK } from '../lib/inputs.js';
import { describeMachine, machine } from '../lib/machine.js';
import { percentile, runChecked } from '../lib/measure.js';
import { startNginx } from '../url-api/nginx.js';
import { startServer } from '../url-api/processes.js';
import { changeToFresh, photoVersions } from './freshness.js';
import { compareHits, warm, type HitsResult } from './hits.js';
import { cpuAndLoad, loadAverage, ms } from './report.js';
import { imagePath, signing, urlSet } from './urls.js';
import { zipfLoad } from './zipf-load.js';

const { values } = parseArgs({
  options: {
    originals: { type: 'string', default: '96' },
    widths: { type: 'string', default: '120,240,360,480,600,720' },
    'zipf-s': { type: 'string', default: '1' },
    'zipf-seconds': { type: 'string', default: '30' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    changes: { type: 'string', default: '50' },
    connections: { type: 'string', default: '64' },
  },
});
const originals = Number(values.originals);
const widths = values.widths.split(',').map(Number);
const exponent = Number(values['zipf-s']);
const connections = Number(values.connections);
const changes = Number(values.changes);

const dir = path.join(WORK, 'edge');
const photos = path.join(dir, 'photos');
const libraryDir = path.join(dir, 'library');
const rendererDir = path.join(dir, 'renderer');
const CHANGING = 'changing.jpg';
const SERVE_NAMES = { node: 'serve' };
const log = (line = '') => console.log(line);

async function prepare() {
  await rm(dir, { recursive: true, force: true });
  await mkdir(photos, { recursive: true });
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const set = await distinctPhotos(96);
  const files = set.files.slice(0, originals);
  for (const file of files) await copyFile(file, path.join(photos, path.basename(file)));
  // One version more than changes: the first is what is cached before the first change.
  const versions = await photoVersions(fixture('Landscape_1.jpg'), changes + 1, 1600);
  await writeFile(path.join(photos, CHANGING), versions[0]!);
  const library = Library.open(libraryDir);
  try {
    await library.addSource(photos);
  } finally {
    library.close();
  }
  return { names: files.map((file) => path.basename(file)), versions: versions.slice(1) };
}

/** The first line a tool prints about its version (wrk -v exits 1 after printing it). */
async function versionOf(command: string, args: string[]) {
  const { stdout, stderr } = await runChecked(command, args, {}, [0, 1]);
  return (stdout + stderr).split('\n')[0]!.trim();
}

function hitsTable(title: string, result: HitsResult) {
  log(`${title}`);
  log('                  req/s    p50 ms   p99 ms   server CPU µs/req   wrk CPU µs/req   failed');
  for (const [name, side] of [
    ['Varnish', result.varnish],
    ['nginx, 1 worker', result.nginx],
  ] as const) {
    log(
      `${name.padEnd(16)}${side.rps.toFixed(0).padStart(7)}  ${ms(side.p50).padStart(8)} ${ms(side.p99).padStart(8)}` +
        `   ${side.serverUsPerRequest.toFixed(1).padStart(17)}   ${side.wrkUsPerRequest.toFixed(1).padStart(14)}   ${side.failed}`,
    );
  }
  log(
    `Varnish / nginx   ${((100 * result.varnish.rps) / result.nginx.rps).toFixed(0)} % of the req/s at` +
      ` ${(result.varnish.serverUsPerRequest / result.nginx.serverUsPerRequest).toFixed(1)}× the CPU per request;` +
      ` requests that reached the origin meanwhile: ${result.originRequests}; load ${loadAverage()}`,
  );
}

log(describeMachine(machine()));
log(
  `edge        ${await versionOf('varnishd', ['-V'])}; ${await versionOf('/usr/sbin/nginx', ['-v'])}; ${await versionOf('wrk', ['-v'])}`,
);
try {
  const { names, versions } = await prepare();
  const { key, salt, sign } = signing();
  const paths = urlSet(names, widths).map(sign);
  const varnishPort = await freePort();
  const server = await started(
    startServer(libraryDir, rendererDir, 256, { key, salt }, [
      '--watch',
      ...['--purge', `varnish:http://127.0.0.1:${varnishPort}`],
    ]),
  );
  const varnish = await started(startVarnish(varnishPort, server.port));
  log(
    `origin      thumbdesk serve --watch --purge varnish:… (pid ${server.pid}), Varnish on :${varnish.port}`,
  );

  log(
    `\n== 1. Zipf load from cold: ${paths.length} URLs (${names.length} originals × ${widths.length} widths ${widths.join('/')} px, JPEG),` +
      ` s = ${exponent}, wrk -t1 -c${connections} -d${values['zipf-seconds']}s through Varnish`,
  );
  const zipf = await zipfLoad({
    paths,
    exponent,
    seconds: Number(values['zipf-seconds']),
    connections,
    varnishPort: varnish.port,
    varnishDir: varnish.workDir,
    originPort: server.port,
    workDir: dir,
  });
  const { edge } = zipf;
  log(
    `requests          ${zipf.load.requests} (${zipf.load.requestsPerSecond.toFixed(0)} req/s), p50 ${ms(zipf.load.p50)} ms, p99 ${ms(zipf.load.p99)} ms, non-2xx ${zipf.load.errors}, timeouts (30 s) ${zipf.load.timeouts}`,
  );
  log(`distinct URLs     ${zipf.distinctAsked} asked of ${paths.length}`);
  log(
    `at the edge       ${edge.hits} hits, ${edge.misses} misses: hit ratio ${((100 * edge.hits) / (edge.hits + edge.misses)).toFixed(1)} %;` +
      ` ${edge.coalescedWaits} waits on another's fetch, ${edge.backendRequests} backend requests, ${edge.lruNuked} evicted for room`,
  );
  log(
    `at the origin     ${zipf.originRequests} requests (${zipf.originErrors} not 200): ${zipf.rendersBuilt} renders built, ${zipf.coalesced} coalesced, ${zipf.originCacheHits} from its own cache` +
      ` (serve CPU ${ms((zipf.cpu.get('node') ?? 0) / Math.max(1, zipf.rendersBuilt))} ms per render)`,
  );
  log(`                  ${cpuAndLoad(zipf.cpu, SERVE_NAMES)}`);

  log(
    `\n== 2. hits: Varnish vs nginx (1 worker) on the same bytes, wrk -t1 -c${connections}, ${values.seconds} s × ${values.rounds} rounds, interleaved (medians)`,
  );
  const staticDir = path.join(dir, 'static');
  const warmed = await warm(varnish.port, paths, staticDir);
  log(
    `warmed            ${paths.length} URLs, ${(warmed.sizes.reduce((a, b) => a + b, 0) / 2 ** 20).toFixed(1)} MiB (${warmed.alreadyHits} were already cached)`,
  );
  const nginx = await started(startNginx(staticDir, await freePort(), 1, dir));
  try {
    const common = {
      varnishPort: varnish.port,
      nginxPort: nginx.port,
      originPort: server.port,
      varnishPaths: paths,
      nginxPaths: warmed.staticPaths,
      exponent,
      connections,
      seconds: Number(values.seconds),
      rounds: Number(values.rounds),
      workDir: dir,
    };
    hitsTable(
      `one URL (the most popular, ${warmed.sizes[0]} bytes):`,
      await compareHits({ ...common, order: 'first' }),
    );
    hitsTable(
      `Zipf sequence over all ${paths.length} URLs (s = ${exponent}):`,
      await compareHits({ ...common, order: 'zipf' }),
    );
  } finally {
    await nginx.stop();
  }

  log(
    `\n== 3. change → fresh at the edge: ${versions.length} changes of one original (real photos, 1600 px wide), serve --watch at its defaults`,
  );
  const fresh = await changeToFresh({
    file: path.join(photos, CHANGING),
    versions,
    url: `http://127.0.0.1:${varnish.port}${sign(imagePath(CHANGING, 320))}`,
    originPort: server.port,
    pollMs: 10,
    timeoutMs: 30_000,
  });
  const times = fresh.changes.map((c) => c.ms);
  log(
    `fresh             ${times.length} of ${versions.length} (${fresh.timedOut} timed out after 30 s); ${fresh.changes.filter((c) => c.cache === 'MISS').length} fresh answers were Varnish misses (purged)`,
  );
  if (times.length > 0) {
    log(
      `change → fresh    p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms, max ${ms(Math.max(...times))} ms, min ${ms(Math.min(...times))} ms`,
    );
  }
  log(
    `purges            ${fresh.purgesOk} ok, ${fresh.purgesFailed} failed; ${fresh.polls} polls every 10 ms`,
  );
  log(`                  ${cpuAndLoad(fresh.cpu, SERVE_NAMES)}`);
} catch (error) {
  if (!interrupted()) throw error;
} finally {
  await cleanUp();
}
