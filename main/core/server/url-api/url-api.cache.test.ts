/**
 * The URL API's caching headers: versioned URLs (cb = the content version) immutable, others
 * short-lived with validators and 304s, s-maxage only when purges keep shared caches exact, and
 * the surrogate keys a purge names.
 */
import { copyFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../library/library.js';
import { copyFixtures, fixture, makeTempDir } from '../../test-support/fixtures.js';
import { get, startUrlApi, type TestServer } from '../../test-support/url-api-server.js';
import { originalKey, presetKey } from '../../edge/surrogate-keys.js';
import type { UrlApiOptions } from './url-api.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let photos: string;
const servers: TestServer[] = [];

async function serve(options: Partial<UrlApiOptions> = {}): Promise<TestServer> {
  const server = await startUrlApi(library, { listenHost: '127.0.0.1', ...options });
  servers.push(server);
  return server;
}

function hashOf(file: string): string {
  return library.list().find((o) => o.path === file)!.hash!;
}

const url = (file: string, options = 'w:40') =>
  `/insecure/${options}/plain/local:///photos/${file}@jpg`;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-cache-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [
    ['Landscape_5.jpg', 'land.jpg'],
    ['Portrait_1.jpg', 'changing.jpg'],
  ]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(photos);
  library.savePreset({ name: 'tiny', width: 32, formats: ['jpeg'], densities: [1] });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  library?.close();
  await tmp?.cleanup();
});

describe('URL API cache headers', () => {
  it('makes an unversioned URL short-lived, with a strong ETag, Last-Modified and 304s', async () => {
    const server = await serve();
    const reply = await get(server, url('land.jpg'));
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=60');
    expect(reply.headers.etag).toMatch(/^"[^"]+"$/);
    const lastModified = reply.headers['last-modified']!;
    expect(Date.parse(lastModified)).toBeGreaterThan(0);

    const byEtag = await get(server, url('land.jpg'), { 'If-None-Match': reply.headers.etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    expect(byEtag.headers['cache-control']).toBe(reply.headers['cache-control']);
    const byDate = await get(server, url('land.jpg'), { 'If-Modified-Since': lastModified });
    expect(byDate.status).toBe(304);
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(server, url('land.jpg'), { 'If-Modified-Since': older })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since when both come (RFC 9110).
    const stale = await get(server, url('land.jpg'), {
      'If-None-Match': '"something-else"',
      'If-Modified-Since': lastModified,
    });
    expect(stale.status).toBe(200);
  });

  it('makes a URL immutable only while its cachebuster is the content version', async () => {
    const server = await serve();
    const version = hashOf('changing.jpg').slice(0, 16);
    const versioned = await get(server, url('changing.jpg', `w:40/cb:${version}`));
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const other = await get(server, url('changing.jpg', 'w:40/cb:v2'));
    expect(other.headers['cache-control']).toMatch(/^public, max-age=60/);

    // The original changes: the old version's URL is no longer immutable, the new one's is.
    const file = path.join(photos, 'changing.jpg');
    await copyFile(fixture('Landscape_1.jpg'), file);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const old = await get(server, url('changing.jpg', `w:40/cb:${version}`));
    expect(old.status).toBe(200);
    expect(old.headers['cache-control']).toMatch(/^public, max-age=60/);
    expect(old.headers.etag).not.toBe(versioned.headers.etag);
    const fresh = hashOf('changing.jpg').slice(0, 16);
    expect(fresh).not.toBe(version);
    const now = await get(server, url('changing.jpg', `w:40/cb:${fresh}`));
    expect(now.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('lets shared caches keep unversioned answers long only when told purges keep them exact', async () => {
    const server = await serve({
      cache: { maxAgeSeconds: 30, staleWhileRevalidateSeconds: 0, sharedMaxAgeSeconds: 86400 },
    });
    const reply = await get(server, url('land.jpg', 'w:41'));
    expect(reply.headers['cache-control']).toBe('public, max-age=30, s-maxage=86400');
  });

  it('names the original, and a pr: URL its preset, in xkey, Surrogate-Key and Cache-Tag', async () => {
    const server = await serve();
    const sourceId = (library.db.prepare('SELECT id FROM sources').get() as { id: number }).id;
    const original = originalKey(sourceId, 'land.jpg');
    expect(original).toMatch(/^o-[0-9a-f]{16}$/);
    const plain = await get(server, url('land.jpg', 'w:42'));
    expect(plain.headers.xkey).toBe(original);
    expect(plain.headers['surrogate-key']).toBe(original);
    expect(plain.headers['cache-tag']).toBe(original);
    const preset = await get(server, url('land.jpg', 'pr:tiny'));
    expect(preset.status).toBe(200);
    expect(preset.headers.xkey).toBe(`${original} ${presetKey('tiny')}`);
    expect(preset.headers['cache-tag']).toBe(`${original},${presetKey('tiny')}`);
    // The key outlives content: the same path keeps it, another path has its own.
    expect(originalKey(sourceId, 'land.jpg')).toBe(original);
    expect(originalKey(sourceId, 'changing.jpg')).not.toBe(original);
  });
});
