import { Command } from 'commander';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { signPath, parseSigningPairs } from '../core/server/url-api/signature.js';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { CliError } from './command-kit.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from './url-api-options.js';
import { createUrlCatalogOwner } from '../core/url-catalog/owner.js';

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
