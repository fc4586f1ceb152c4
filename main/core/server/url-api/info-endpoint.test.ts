/**
 * `/info/<signature>/<options>/<source>` against the URL API on a real loopback socket, URLs built
 * with `thumbdesk/url`'s infoUrl; and once against a real `thumbdesk serve` (the compiled CLI),
 * through its Host check.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { thumbHashToDataURL } from 'thumbhash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoUrl, type UrlKey } from '../../../../shared/url/url-builder.js';
import { originalByName } from '../../catalog/originals.js';
import { originalKey } from '../../edge/surrogate-keys.js';
import { thumbHashOf } from '../../imaging/placeholder.js';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import { assertBuilt, startServer, type Server } from '../../test-support/serve.js';
import { get, startUrlApi, type TestServer } from '../../test-support/url-api-server.js';
import type { ImageInfo } from './info-endpoint.js';
import { signPath } from './signature.js';

const KEY: UrlKey = {
  key: Buffer.from('info-endpoint-key').toString('hex'),
  salt: Buffer.from('info-endpoint-salt').toString('hex'),
};
const keys = [{ key: Buffer.from(KEY.key, 'hex'), salt: Buffer.from(KEY.salt, 'hex') }];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let server: TestServer;

const source = (file: string) => `local:///photos/${file}`;
const row = (file: string) => originalByName(library.db, `photos/${file}`)!;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-info-');
  await copyFixtures(path.join(tmp.dir, 'photos'), [
    ['Landscape_1.jpg', 'generated.jpg'],
    ['p3.png', 'fresh.png'],
    ['Portrait_2.jpg', 'excluded.jpg'],
  ]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(path.join(tmp.dir, 'photos'));
  library.savePreset({ name: 'tiny', width: 32, formats: ['jpeg'], densities: [1] });
  // generate stores placeholders; then fresh.png's is dropped, so that /info has to make one.
  await library.generate();
  library.db.prepare('UPDATE originals SET placeholder = NULL WHERE rel_path = ?').run('fresh.png');
  library.exclude([row('excluded.jpg').id]);
  server = await startUrlApi(library, { listenHost: '127.0.0.1', keys });
});

afterAll(async () => {
  await server?.close();
  library?.close();
  await tmp?.cleanup();
});

async function info(url: string, headers = {}) {
  const reply = await get(server, url, headers);
  return { ...reply, json: () => JSON.parse(reply.body.toString()) as ImageInfo };
}

describe('/info', () => {
  it("answers size, format, content hash and the catalog's ThumbHash as string and PNG", async () => {
    const reply = await info(await infoUrl({ source: source('generated.jpg') }, KEY));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    const original = row('generated.jpg');
    const body = reply.json();
    expect(body).toEqual({
      width: original.width,
      height: original.height,
      format: 'jpeg',
      size: original.size,
      hash: original.hash,
      version: original.hash!.slice(0, 16),
      thumbhash: original.placeholder,
      placeholder: thumbHashToDataURL(Buffer.from(original.placeholder!, 'base64')),
    });
    // The data URI is a real, tiny PNG with the original's aspect ratio.
    const png = Buffer.from(body.placeholder!.replace(/^data:image\/png;base64,/, ''), 'base64');
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(32);
    expect(meta.width / meta.height).toBeCloseTo(original.width! / original.height!, 0);
  });

  it('makes the placeholder from the file where the catalog has none', async () => {
    expect(row('fresh.png').placeholder).toBeNull();
    const body = (await info(await infoUrl({ source: source('fresh.png') }, KEY))).json();
    const file = path.join(tmp.dir, 'photos', 'fresh.png');
    expect(body.thumbhash).toBe(await thumbHashOf(await readFile(file), library.pixelLimit));
    expect(body.format).toBe('png');
  });

  it('leaves out what the options turn off, and refuses options and extensions it lacks', async () => {
    const body = (
      await info(
        await infoUrl({ source: source('generated.jpg'), options: { s: 0, d: 0, th: 0 } }, KEY),
      )
    ).json();
    expect(Object.keys(body).sort()).toEqual(['format', 'hash', 'version']);
    const exif = await info(
      await infoUrl({ source: source('generated.jpg'), options: { exif: 1 } }, KEY),
    );
    expect(exif.status).toBe(400);
    expect(exif.body.toString()).toMatch(/^"exif" is not an info option here/);
    expect(exif.headers['cache-control']).toBe('no-store');
    // The plain/ source form, signed over what follows the signature as imgproxy signs it.
    const signedPath = `/f:0/plain/${source('generated.jpg')}`;
    const plain = await info(`/info/${signPath(keys[0]!, signedPath)}${signedPath}`);
    expect(plain.status).toBe(200);
    expect(plain.json().format).toBeUndefined();
    const withExtension = `/s:0/plain/${source('generated.jpg')}@webp`;
    const extension = await info(`/info/${signPath(keys[0]!, withExtension)}${withExtension}`);
    expect(extension.status).toBe(400);
    expect(extension.body.toString()).toMatch(/^an info URL takes no extension/);
  });

  it('is signed exactly as image URLs: another key, insecure and a bare /info are refused', async () => {
    const other = await infoUrl(
      { source: source('generated.jpg') },
      { key: KEY.salt, salt: KEY.key },
    );
    expect((await info(other)).status).toBe(403);
    const insecure = await info(await infoUrl({ source: source('generated.jpg') }));
    expect(insecure.status).toBe(403);
    expect(insecure.body.toString()).toMatch(/^insecure URLs are refused/);
    const bare = await info('/info/only-a-signature');
    expect(bare.status).toBe(400);
    expect(bare.body.toString()).toMatch(/^an info URL is \/info\/<signature>/);
  });

  it('says 404 for an excluded or unknown original, without a machine path', async () => {
    const excluded = await info(await infoUrl({ source: source('excluded.jpg') }, KEY));
    expect(excluded.status).toBe(404);
    expect(excluded.body.toString()).toBe('photos/excluded.jpg is excluded from the library\n');
    const missing = await info(await infoUrl({ source: source('nope.jpg') }, KEY));
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain(tmp.dir);
  });

  it('caches as image URLs do: short and revalidated, immutable with cb, surrogate keys', async () => {
    const original = row('generated.jpg');
    const url = await infoUrl({ source: source('generated.jpg') }, KEY);
    const reply = await info(url);
    expect(reply.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=60');
    expect(reply.headers.xkey).toBe(originalKey(original.source_id, 'generated.jpg'));
    expect(reply.headers['surrogate-key']).toBe(reply.headers.xkey);
    expect(reply.headers.etag).toMatch(/^"info-[0-9a-f]{32}"$/);
    expect(Date.parse(reply.headers['last-modified']!)).toBeGreaterThanOrEqual(
      Math.floor(original.scanned_at / 1000) * 1000,
    );
    const again = await info(url, { 'If-None-Match': reply.headers.etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const versioned = await info(
      await infoUrl({ source: source('generated.jpg'), contentHash: original.hash! }, KEY),
    );
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const stale = await info(
      await infoUrl({ source: source('generated.jpg'), contentHash: 'ab'.repeat(32) }, KEY),
    );
    expect(stale.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=60');
  });
});

/** A GET under the Host given (fetch sends its own Host whatever it is told). */
function getAs(
  origin: string,
  urlPath: string,
  host: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: urlPath, headers: { Host: host }, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('/info through a real thumbdesk serve', () => {
  let serve: Server | undefined;
  beforeAll(async () => {
    assertBuilt();
    serve = await startServer(path.join(tmp.dir, 'library'), [
      '--key',
      KEY.key,
      '--salt',
      KEY.salt,
    ]);
  }, 30_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('answers infoUrl under any Host (a signed URL was published), and refuses a forged one', async () => {
    const origin = new URL(serve!.url).origin;
    const url = await infoUrl({ source: source('generated.jpg') }, KEY);
    const reply = await getAs(origin, url, 'img.example.com');
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as ImageInfo;
    expect(body.hash).toBe(row('generated.jpg').hash);
    expect(body.placeholder).toMatch(/^data:image\/png;base64,/);
    const forged = await fetch(`${origin}${url.replace('/info/', '/info/x')}`);
    expect(forged.status).toBe(403);
  });

  it('answers a keyless info URL only under its own Host, as keyless image URLs', async () => {
    const keyless = await startServer(path.join(tmp.dir, 'library'));
    try {
      const origin = new URL(keyless.url).origin;
      const url = await infoUrl({ source: source('generated.jpg') });
      expect((await fetch(`${origin}${url}`)).status).toBe(200);
      const foreign = await getAs(origin, url, 'evil.example');
      expect(foreign.status).toBe(403);
    } finally {
      await keyless.stop();
    }
  }, 30_000);
});
