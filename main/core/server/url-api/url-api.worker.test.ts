/**
 * The URL API as `thumbdesk serve` runs it: the catalog owned by the service worker, reached
 * through the worker's URL calls, and no SQLite connection opened on the HTTP thread (this
 * one). better-sqlite3 is counted in this thread's module graph only: the worker loads its own.
 * `serve --purge` is guarded the same way in main/cli/url-api-options.worker.test.ts.
 */
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Library } from '../../library/library.js';
import { startServiceWorker, type WorkerServiceHandle } from '../../service/worker-service.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import { sqliteConnections } from '../../test-support/sqlite-count.js';
import { get, startUrlApiOver, type TestServer } from '../../test-support/url-api-server.js';

vi.mock('better-sqlite3', async (original) =>
  (await import('../../test-support/sqlite-count.js')).countedSqlite(await original()),
);

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: WorkerServiceHandle;
let server: TestServer;
let photos: string;
/** Connections this thread opened before the URL API started: the set-up's own. */
let openedBefore: number;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-worker-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [['Landscape_5.jpg', 'land.jpg']]);
  // Set up in this thread, then closed: from here on the worker is the only owner.
  const library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(photos);
  library.savePreset({ name: 'tiny', width: 32, formats: ['jpeg'], densities: [1] });
  library.close();
  openedBefore = sqliteConnections.opened;
  service = await startServiceWorker(path.join(tmp.dir, 'library'), { concurrency: 1 });
  const facts = await service.urlCatalog.library(undefined);
  server = await startUrlApiOver(service.urlCatalog, facts, { listenHost: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  await tmp?.cleanup();
});

describe('the URL API over the service worker', () => {
  it('renders, serves from cache, resolves presets, refuses, and answers /healthz and /metrics', async () => {
    const url = '/insecure/w:40/plain/local:///photos/land.jpg@jpg';
    const built = await get(server, url);
    expect([built.status, built.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const again = await get(server, url);
    expect(again.body.equals(built.body)).toBe(true);
    expect((await get(server, '/insecure/pr:tiny/plain/local:///photos/land.jpg')).status).toBe(
      200,
    );
    const missing = await get(server, '/insecure/pr:nope/plain/local:///photos/land.jpg');
    expect([missing.status, missing.body.toString().trim()]).toEqual([
      404,
      'no preset named "nope"',
    ]);
    const absent = await get(server, '/insecure/w:40/plain/local:///photos/none.jpg');
    expect([absent.status, absent.body.toString().trim()]).toEqual([
      404,
      'no image at photos/none.jpg',
    ]);
    const health = await get(server, '/healthz');
    expect([health.status, health.body.toString()]).toEqual([200, 'ok\n']);
    const metrics = (await get(server, '/metrics')).body.toString();
    // Two results recorded by the worker (the w:40 render and the adopted or built preset).
    expect(Number(/^thumbdesk_url_cache_bytes (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^thumbdesk_url_cache_hits_total 1$/m);
  });

  it('rescans an original whose file changed, in the worker, before answering', async () => {
    const url = '/insecure/w:30/plain/local:///photos/land.jpg@jpg';
    const first = await get(server, url);
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(photos, 'land.jpg'), later, later);
    // The memo looks at the file again after fileRecheckMs (50 ms).
    await new Promise((resolve) => setTimeout(resolve, 60));
    const after = await get(server, url);
    expect(after.status).toBe(200);
    // Same bytes, so the same result; the new mtime shows the catalog took the rescan.
    expect(after.headers.etag).toBe(first.headers.etag);
    expect(Date.parse(after.headers['last-modified']!)).toBe(
      Math.floor(later.getTime() / 1000) * 1000,
    );
  });

  it('answers /healthz with 503 when the owner does not answer in time', async () => {
    const stuck = await startUrlApiOver(
      { ...service.urlCatalog, ping: () => new Promise<undefined>(() => {}) },
      await service.urlCatalog.library(undefined),
      { listenHost: '127.0.0.1', healthTimeoutMs: 200 },
    );
    try {
      const started = Date.now();
      const health = await get(stuck, '/healthz');
      expect([health.status, health.body.toString().trim()]).toEqual([
        503,
        'the catalog does not answer',
      ]);
      expect(health.headers['retry-after']).toBe('1');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await stuck.close();
    }
  });

  it('opened no SQLite connection on this thread', () => {
    expect(sqliteConnections.opened - openedBefore).toBe(0);
  });
});
