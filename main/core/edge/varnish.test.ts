/**
 * A real `thumbdesk serve --watch --purge varnish:…` behind a real Varnish 7 running the VCL in
 * docs/varnish/thumbdesk.vcl: images are cached (an hour, whatever the origin says), and the
 * change of an original on disk purges exactly its images, so the next request through Varnish
 * gets the new image while an unrelated image stays cached.
 */
import { randomBytes } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { copyFixtures, fixture, makeTempDir } from '../test-support/fixtures.js';
import { until } from '../test-support/poll.js';
import { assertBuilt, startServer, type Server } from '../test-support/serve.js';
import { assertVarnish, freePort, startVarnish, type Varnish } from '../test-support/varnish.js';
import { parseSigningPairs, signPath } from '../server/url-api/signature.js';

// Signed URLs, as a site behind a cache publishes them: they answer under the cache's Host.
const KEY = randomBytes(32).toString('hex');
const SALT = randomBytes(16).toString('hex');
const PAIR = parseSigningPairs([KEY], [SALT])[0]!;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let photos: string;
let server: Server | undefined;
let varnish: Varnish | undefined;

beforeAll(async () => {
  assertVarnish();
  assertBuilt();
  tmp = await makeTempDir('thumbdesk-varnish-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [
    ['Landscape_5.jpg', 'changing.jpg'],
    ['Portrait_1.jpg', 'steady.jpg'],
  ]);
  const libraryDir = path.join(tmp.dir, 'library');
  const library = Library.open(libraryDir);
  try {
    await library.addSource(photos);
  } finally {
    library.close();
  }
  const varnishPort = await freePort();
  server = await startServer(libraryDir, [
    '--watch',
    '--key',
    KEY,
    '--salt',
    SALT,
    '--purge',
    `varnish:http://127.0.0.1:${varnishPort}`,
  ]);
  varnish = await startVarnish(varnishPort, Number(new URL(server.url).port));
}, 60_000);

afterAll(async () => {
  await varnish?.stop();
  await server?.stop();
  await tmp?.cleanup();
});

async function throughVarnish(file: string) {
  const signedPath = `/w:64/plain/local:///photos/${file}@jpg`;
  const reply = await fetch(
    `http://127.0.0.1:${varnish!.port}/${signPath(PAIR, signedPath)}${signedPath}`,
  );
  return {
    status: reply.status,
    cache: reply.headers.get('x-cache'),
    etag: reply.headers.get('etag'),
    age: Number(reply.headers.get('age')),
    body: Buffer.from(await reply.arrayBuffer()),
  };
}

it('caches images, purges exactly a changed original, and keeps the rest', async () => {
  const first = await throughVarnish('changing.jpg');
  expect(first.status).toBe(200);
  expect(first.cache).toBe('MISS');
  const again = await throughVarnish('changing.jpg');
  expect(again.cache).toBe('HIT');
  expect(again.etag).toBe(first.etag);
  expect(again.body.equals(first.body)).toBe(true);
  const steady = await throughVarnish('steady.jpg');
  expect(steady.cache).toBe('MISS');
  expect((await throughVarnish('steady.jpg')).cache).toBe('HIT');

  // The original changes on disk: the watcher rescans it, serve sees the catalog move and
  // purges its key. Waited for by that event (the purge's log line), not by time.
  const started = Date.now();
  await copyFile(fixture('Landscape_1.jpg'), path.join(photos, 'changing.jpg'));
  await until('serve to purge Varnish', () => /purge varnish:\S+: 1 key/.test(server!.stderr()), {
    timeoutMs: 20_000,
  });
  const fresh = await throughVarnish('changing.jpg');
  const elapsed = Date.now() - started;
  expect(fresh.status).toBe(200);
  expect(fresh.cache).toBe('MISS');
  expect(fresh.etag).not.toBe(first.etag);
  expect(fresh.body.equals(first.body)).toBe(false);
  expect(elapsed).toBeLessThan(20_000);
  expect((await throughVarnish('changing.jpg')).cache).toBe('HIT');

  const kept = await throughVarnish('steady.jpg');
  expect(kept.cache).toBe('HIT');
  expect(kept.etag).toBe(steady.etag);
  expect(kept.age).toBeGreaterThanOrEqual(0);

  const metrics = await (await fetch(new URL('/metrics', server!.url))).text();
  expect(metrics).toMatch(
    /thumbdesk_purge_requests_total\{target="varnish:[^"]+",outcome="ok"\} [1-9]/,
  );
  expect(server!.stderr()).not.toMatch(/purge varnish:\S+: failed/);
}, 60_000);
