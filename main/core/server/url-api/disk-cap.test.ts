import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urlRenderBytes } from '../../catalog/url-renders.js';
import { cacheFileFor } from '../../library/generate.js';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import { until } from '../../test-support/poll.js';
import {
  get,
  metric,
  startUrlApi,
  type Reply,
  type TestServer,
} from '../../test-support/url-api-server.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let servers: TestServer[] = [];
/** The size of one result of `sized`; they all come within a few per cent of it. */
let unit: number;
/** Room for two results and not three: evicting one brings three back under 90 % of it. */
let cap: number;

/** A distinct result for each width, all of about the same size. */
const sized = (width: number) =>
  `/insecure/rs:fill:${width}:240/plain/local:///photos/land.jpg@webp`;
/** Exactly the card preset's variant, whose file generate built. */
const CARD = '/insecure/pr:card/f:webp/plain/local:///photos/land.jpg';

const keyOf = (reply: Reply) => reply.headers.etag!.slice(1, -1);
const fileOf = (reply: Reply) => path.join(library.cacheDir, cacheFileFor(keyOf(reply), 'webp'));
const recordedKeys = () =>
  new Set(
    (library.db.prepare('SELECT key FROM url_renders').all() as { key: string }[]).map(
      (row) => row.key,
    ),
  );
const evictions = (server: TestServer) => metric(server, 'thumbdesk_url_cache_evictions_total');
const builds = (server: TestServer) =>
  metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}');

async function serve(maxBytes: number): Promise<TestServer> {
  // No memory cache: every answer after the first comes from the disk the cap governs.
  const server = await startUrlApi(library, {
    listenHost: '127.0.0.1',
    memoryCacheBytes: 0,
    urlCacheMaxBytes: maxBytes,
  });
  servers.push(server);
  return server;
}

// Each test has a library of its own, with the card preset built and no URL results yet, and
// measures the size of one result in it: none depends on what another left behind.
beforeEach(async () => {
  tmp = await makeTempDir('thumbdesk-url-cap-');
  await copyFixtures(path.join(tmp.dir, 'photos'), [['Landscape_5.jpg', 'land.jpg']]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 2 });
  await library.addSource(path.join(tmp.dir, 'photos'));
  library.savePreset({
    name: 'card',
    width: 320,
    height: 240,
    fit: 'cover',
    formats: ['webp'],
    densities: [1],
  });
  await library.generate({ presets: ['card'] });
  unit = (await renderSize(sized(299))).length;
  cap = Math.floor(unit * 2.5);
});

/** The bytes of a result, rendered by a server of its own and forgotten again. */
async function renderSize(url: string): Promise<Buffer> {
  const probe = await startUrlApi(library, { listenHost: '127.0.0.1', memoryCacheBytes: 0 });
  try {
    const reply = await get(probe, url);
    expect(reply.status).toBe(200);
    return reply.body;
  } finally {
    await probe.close();
    library.db.prepare('DELETE FROM url_renders').run();
  }
}

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  library?.close();
  await tmp?.cleanup();
});

describe('the URL API under --url-cache-max', () => {
  it('keeps its results under the cap, evicting the least recently used with its file', async () => {
    const server = await serve(cap);
    const a = await get(server, sized(300));
    const b = await get(server, sized(301));
    expect(await evictions(server)).toBe(0);
    // A millisecond on, so that using `a` again makes it younger than `b` to the clock too.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const hits = await metric(server, 'thumbdesk_url_cache_hits_total');
    expect((await get(server, sized(300))).body.equals(a.body)).toBe(true);
    expect(await metric(server, 'thumbdesk_url_cache_hits_total')).toBe(hits + 1);

    const c = await get(server, sized(302));
    await until('an eviction', async () => (await evictions(server)) === 1);
    expect(recordedKeys()).toEqual(new Set([keyOf(a), keyOf(c)]));
    expect(existsSync(fileOf(b))).toBe(false);
    expect(existsSync(fileOf(a))).toBe(true);
    expect(urlRenderBytes(library.db)).toBeLessThanOrEqual(cap);
    expect(await metric(server, 'thumbdesk_url_cache_bytes')).toBe(urlRenderBytes(library.db));

    // Asked for again, the evicted result is rendered again; `a`, now the oldest, makes room.
    const rendered = await builds(server);
    const again = await get(server, sized(301));
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe(b.headers.etag);
    expect(await builds(server)).toBe(rendered + 1);
    expect(existsSync(fileOf(b))).toBe(true);
    await until('a second eviction', async () => (await evictions(server)) === 2);
    expect(recordedKeys()).toEqual(new Set([keyOf(c), keyOf(b)]));
    expect(existsSync(fileOf(a))).toBe(false);
  });

  it('evicts a URL row of a preset variant but never the file the derivative names', async () => {
    const server = await serve(cap);
    const rendered = await builds(server);
    const card = await get(server, CARD);
    expect(card.status).toBe(200);
    expect(await builds(server)).toBe(rendered); // served from generate's file, and recorded
    expect(recordedKeys()).toContain(keyOf(card));

    for (const width of [303, 304, 305, 306]) {
      expect((await get(server, sized(width))).status).toBe(200);
      await until('the results under the cap', () => urlRenderBytes(library.db) <= cap);
    }
    expect(recordedKeys()).not.toContain(keyOf(card));
    expect(existsSync(fileOf(card))).toBe(true);
    const derivative = library.list().find((o) => o.path === 'land.jpg')!.derivatives[0]!;
    expect(derivative).toMatchObject({ state: 'fresh', file: fileOf(card) });
    expect(urlRenderBytes(library.db)).toBeGreaterThan(unit);
  });
  it('keeps a file written again after its result was recorded: a derivative on its way', async () => {
    const server = await serve(cap);
    const d = await get(server, sized(310));
    // generate (another process) writes the same key's file before it records the row naming it.
    // Later than the file system's coarse clock can blur (its ticks are a few ms apart).
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeFile(fileOf(d), d.body);
    for (const width of [311, 312, 313, 314]) {
      expect((await get(server, sized(width))).status).toBe(200);
      await until('the results under the cap', () => urlRenderBytes(library.db) <= cap);
    }
    expect(recordedKeys()).not.toContain(keyOf(d));
    expect(existsSync(fileOf(d))).toBe(true);
  });
});
