import { Command } from 'commander';
import { copyFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Library } from '../core/library/library.js';
import { signPath, parseSigningPairs } from '../core/server/url-api/signature.js';
import { startServiceWorker } from '../core/service/worker-service.js';
import { copyFixtures, fixture, makeTempDir } from '../core/test-support/fixtures.js';
import { until } from '../core/test-support/poll.js';
import { sqliteConnections } from '../core/test-support/sqlite-count.js';
import { get, serveUrlApi } from '../core/test-support/url-api-server.js';
import { startVarnishStandIn } from '../core/test-support/varnish-stand-in.js';
import { CliError } from './command-kit.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from './url-api-options.js';
import { createUrlCatalogOwner } from '../core/url-catalog/owner.js';

// Connections this thread opens are counted: serve's HTTP thread must open none, --purge or not.
vi.mock('better-sqlite3', async (original) =>
  (await import('../core/test-support/sqlite-count.js')).countedSqlite(await original()),
);

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
beforeAll(async () => {
  tmp = await makeTempDir();
  library = Library.open(path.join(tmp.dir, 'library'));
});
afterAll(async () => {
  library.close();
  await tmp.cleanup();
});

function parse(args: string[]): UrlApiCliOptions {
  const command = addUrlApiOptions(new Command('serve').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts<UrlApiCliOptions>();
}

/** The status the API built from `options` gives a URL signed with `key`/`salt`. */
async function statusFor(options: UrlApiCliOptions, key: string, salt: string): Promise<number> {
  const api = await urlApiFromOptions(
    createUrlCatalogOwner(library),
    library,
    options,
    '127.0.0.1',
  );
  const server = http.createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const signedPath = '/w:10/plain/local:///nowhere/a.jpg';
  const signature = signPath(parseSigningPairs([key], [salt])[0]!, signedPath);
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}/${signature}${signedPath}`)).status;
  } finally {
    server.close();
  }
}

it('reads paired --key/--salt flags, or comma-separated environment lists', async () => {
  const flags = parse(['--key', 'aa', '--salt', 'bb', '--key', 'cc', '--salt', 'dd']);
  expect(flags).toMatchObject({ key: ['aa', 'cc'], salt: ['bb', 'dd'], maxQueue: 64 });
  // Signed by the second pair: past the signature check, refused only for the unknown source.
  expect(await statusFor(flags, 'cc', 'dd')).toBe(404);
  expect(await statusFor(flags, 'ee', 'ff')).toBe(403);

  process.env.THUMBDESK_KEY = 'ee, 0011';
  process.env.THUMBDESK_SALT = 'ff, 2233';
  try {
    expect(await statusFor(parse([]), 'ee', 'ff')).toBe(404);
    process.env.THUMBDESK_SALT = 'ff';
    await expect(
      urlApiFromOptions(createUrlCatalogOwner(library), library, parse([]), '127.0.0.1'),
    ).rejects.toThrow(CliError);
  } finally {
    delete process.env.THUMBDESK_KEY;
    delete process.env.THUMBDESK_SALT;
  }
  expect(() => parse(['--max-queue', '0'])).toThrow(/at least 1/);
});

it('reads --url-cache-max as a size, 1 GiB unless given', () => {
  expect(parse([]).urlCacheMax).toBe(2 ** 30);
  expect(parse(['--url-cache-max', '512MB']).urlCacheMax).toBe(512 * 2 ** 20);
  expect(() => parse(['--url-cache-max', 'lots'])).toThrow(
    /at least 1 byte, such as 1073741824, 512MB/,
  );
  expect(() => parse(['--url-cache-max', '0'])).toThrow(/at least 1 byte/);
});

it('puts /metrics behind the admin token with --private-metrics', async () => {
  const metricsStatus = async (options: UrlApiCliOptions, authorization?: string) => {
    const api = await urlApiFromOptions(
      createUrlCatalogOwner(library),
      library,
      options,
      '127.0.0.1',
      'admin-token',
    );
    const server = http.createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const headers = authorization ? { Authorization: authorization } : undefined;
      return (await fetch(`http://127.0.0.1:${port}/metrics`, { headers })).status;
    } finally {
      server.close();
      await api.close();
    }
  };
  expect(await metricsStatus(parse([]))).toBe(200);
  expect(await metricsStatus(parse(['--private-metrics']))).toBe(401);
  expect(await metricsStatus(parse(['--private-metrics']), 'Bearer admin-token')).toBe(200);
});

it('with --purge, opens no catalog on this thread: the service worker purges, and records the paths answered', async () => {
  const photos = path.join(tmp.dir, 'purge-photos');
  await copyFixtures(photos, [['Landscape_5.jpg', 'land.jpg']]);
  const libraryDir = path.join(tmp.dir, 'purge-library');
  const setUp = Library.open(libraryDir, { concurrency: 1 });
  await setUp.addSource(photos);
  setUp.close();
  const varnish = await startVarnishStandIn();
  const options = parse(['--purge', varnish.target]);
  // As serve.ts: the worker is given the targets, this thread only the flags.
  const service = await startServiceWorker(libraryDir, {
    concurrency: 1,
    service: { purgeTargets: options.purge },
  });
  const before = sqliteConnections.opened;
  try {
    const facts = await service.urlCatalog.library(undefined);
    const server = await serveUrlApi(
      await urlApiFromOptions(service.urlCatalog, facts, options, '127.0.0.1'),
    );
    const url = '/insecure/w:40/plain/local:///purge-photos/land.jpg@jpg';
    try {
      const first = await get(server, url);
      expect(first.status).toBe(200);
      expect(first.headers['cache-control']).toMatch(/s-maxage=86400/);
      // The original changes; the next request notices it (after fileRecheckMs) and the worker
      // rescans it: its own write, which it must purge itself.
      await copyFile(fixture('Landscape_1.jpg'), path.join(photos, 'land.jpg'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const changed = await get(server, url);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      await until('a purge at the stand-in', () => varnish.purges.length > 0);
      expect(varnish.purges).toEqual([{ path: '/', keys: [first.headers['surrogate-key']] }]);
      // The purge named the path answered before the change: it reached the worker's record.
      const [target] = await until('the purge recorded', async () => {
        const targets = await service.call('listPurgeTargets');
        return targets[0]?.last ? targets : undefined;
      });
      expect(target).toMatchObject({
        target: varnish.target,
        origin: 'serve',
        last: { outcome: 'ok', keys: 1, paths: 1 },
      });
      const metrics = (await get(server, '/metrics')).body.toString();
      expect(metrics).toMatch(
        /^thumbdesk_purge_requests_total\{target="varnish:[^"]+",outcome="ok"\} 1$/m,
      );
      expect(metrics).toMatch(/^thumbdesk_purge_keys_total\{target="varnish:[^"]+"\} 1$/m);
    } finally {
      await server.close();
    }
    expect(sqliteConnections.opened - before).toBe(0);
    // The set-up's connection was counted: the guard counts what it should.
    expect(before).toBeGreaterThan(0);
  } finally {
    await service.close();
    await varnish.close();
  }
}, 60_000);
