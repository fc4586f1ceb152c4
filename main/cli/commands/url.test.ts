import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { originalByName } from '../../core/catalog/originals.js';
import { builtLibrary, type TestLibrary } from '../../core/publish/test-support/library.js';
import { ensureBuilt, onlyJson, spawnCli } from '../../core/test-support/cli.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from '../url-api-options.js';
import { createUrlCatalogOwner } from '../../core/url-catalog/owner.js';

const KEY = Buffer.from('url-command-key').toString('hex');
const SALT = Buffer.from('url-command-salt').toString('hex');
const ORIGINAL = 'src/Landscape_1.jpg';

let t: TestLibrary;
let server: http.Server;
let endpoint: string;
let closeApi: () => Promise<void>;

// The URL API with serve's own options (--key/--salt) on a real loopback socket.
beforeAll(async () => {
  ensureBuilt();
  t = await builtLibrary(['Landscape_1.jpg']);
  const command = addUrlApiOptions(new Command('serve'));
  command.parse(['--key', KEY, '--salt', SALT], { from: 'user' });
  const api = await urlApiFromOptions(
    createUrlCatalogOwner(t.library),
    t.library,
    command.opts<UrlApiCliOptions>(),
    '127.0.0.1',
  );
  closeApi = () => api.close();
  server = http.createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
// Each part only if beforeAll got that far (a stale build stops it first).
afterAll(async () => {
  server?.close();
  await closeApi?.();
  await t?.cleanup();
});

interface Printed {
  urls: { format: string | null; dpr: number | null; url: string }[];
}

async function urls(args: string[], env: NodeJS.ProcessEnv): Promise<Printed['urls']> {
  const { code, stdout, stderr } = await spawnCli(
    ['--library', path.join(t.dir, 'lib'), '--json', 'url', ORIGINAL, ...args],
    { env: { THUMBDESK_KEY: '', THUMBDESK_SALT: '', IMGPROXY_KEY: '', IMGPROXY_SALT: '', ...env } },
  ).done;
  expect(stderr).toBe('');
  return onlyJson<Printed>({ code: code ?? -1, stdout, stderr }).urls;
}

it('prints a signed, versioned URL per format and density of a preset, which serve answers', async () => {
  const hash = originalByName(t.library.db, ORIGINAL)!.hash!;
  const printed = await urls(['--preset', 'card', '--endpoint', `${endpoint}/`], {
    THUMBDESK_KEY: KEY,
    THUMBDESK_SALT: SALT,
  });
  expect(printed.map((u) => `${u.format}@${u.dpr}`)).toEqual([
    'webp@1',
    'webp@2',
    'jpeg@1',
    'jpeg@2',
  ]);
  for (const { url, format } of printed) {
    expect(url.startsWith(`${endpoint}/`)).toBe(true);
    expect(url).toContain(`/cb:${hash.slice(0, 16)}/`);
    const reply = await fetch(url);
    expect(reply.status, url).toBe(200);
    expect(reply.headers.get('content-type')).toBe(`image/${format}`);
  }
  // imgproxy's variables give the same URLs; another key gives URLs serve refuses.
  const imgproxy = await urls(['--preset', 'card', '--endpoint', endpoint], {
    IMGPROXY_KEY: KEY,
    IMGPROXY_SALT: SALT,
  });
  expect(imgproxy).toEqual(printed);
  const [wrong] = await urls(['--preset', 'card', '--endpoint', endpoint], {
    THUMBDESK_KEY: SALT,
    THUMBDESK_SALT: KEY,
  });
  expect((await fetch(wrong!.url)).status).toBe(403);
});

it('takes processing options and formats instead of a preset', async () => {
  const printed = await urls(
    ['--option', 'rs:fit:32:32', '--format', 'png', '--endpoint', endpoint, '--key', KEY],
    { THUMBDESK_SALT: SALT },
  );
  expect(printed).toHaveLength(1);
  expect(printed[0]!.url).toMatch(/\/rs:fit:32:32\/cb:[0-9a-f]{16}\/[\w-]+\.png$/);
  const reply = await fetch(printed[0]!.url);
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toBe('image/png');
});
