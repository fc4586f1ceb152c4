import { generateImageUrl } from '@imgproxy/imgproxy-node';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, symlink, utimes } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../library/library.js';
import { copyFixtures, fixture, makeTempDir, meanDifference } from '../../test-support/fixtures.js';
import {
  get,
  metric,
  startUrlApi,
  type Reply,
  type TestServer,
} from '../../test-support/url-api-server.js';
import { parseSigningPairs, signPath } from './signature.js';
import type { UrlApiOptions } from './url-api.js';
import { URL_API_DEFAULTS } from './defaults.js';

const KEY = randomBytes(32).toString('hex');
const SALT = randomBytes(16).toString('hex');
const OLD_KEY = randomBytes(32).toString('hex');
const OLD_SALT = randomBytes(16).toString('hex');

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let photos: string;
const servers: TestServer[] = [];

async function serve(options: Partial<UrlApiOptions> = {}): Promise<TestServer> {
  const server = await startUrlApi(library, {
    listenHost: '127.0.0.1',
    keys: parseSigningPairs([KEY, OLD_KEY], [SALT, OLD_SALT]),
    ...options,
  });
  servers.push(server);
  return server;
}

type ImgproxyOptions = Parameters<typeof generateImageUrl>[0]['options'];

/** A URL signed by imgproxy's own Node builder, Base64 source form unless `plain`. */
function signed(file: string, options: ImgproxyOptions, plainExtension?: string): string {
  const value = `local:///photos/${file}`;
  return generateImageUrl({
    endpoint: '',
    url:
      plainExtension === undefined
        ? value
        : { value: `${value}@${plainExtension}`, displayAs: 'plain' },
    options,
    key: KEY,
    salt: SALT,
  });
}

/** Signs a hand-written path (for paths the builder cannot write, such as traversals). */
function sign(signedPath: string, key = KEY, salt = SALT): string {
  return `/${signPath(parseSigningPairs([key], [salt])[0]!, signedPath)}${signedPath}`;
}

async function image(reply: Reply) {
  expect(reply.status, reply.body.toString().slice(0, 200)).toBe(200);
  const meta = await sharp(reply.body).metadata();
  expect(reply.headers['content-type']).toBe(
    `image/${meta.format === 'heif' ? 'avif' : meta.format}`,
  );
  expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
  return meta;
}

/** The cache file of an answer: its ETag is its derivative key, which names the file. */
function cacheFileOf(reply: Reply, extension: string): string {
  const key = reply.headers.etag!.slice(1, -1);
  return path.join(library.cacheDir, key.slice(0, 2), `${key}.${extension}`);
}

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-api-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [
    ['Landscape_5.jpg', 'land.jpg'],
    ['Portrait_1.jpg', 'portrait.jpg'],
    ['flowers.jpeg', 'flowers.jpeg'],
    ['tbgn2c16.png', 'alpha.png'],
    ['animated-loop-3.gif', 'anim.gif'],
    ['photo-2725x2225.jpg', 'big.jpg'],
    ['corrupt-header.jpg', 'broken.jpg'],
    ['giant-image.jpg', 'giant.jpg'],
    ['concert.jpg', 'a b/ü.jpg'],
    ['Landscape_1.jpg', 'changing.jpg'],
  ]);
  await copyFixtures(tmp.dir, [['Landscape_2.jpg', 'outside.jpg']]);
  await symlink(path.join(tmp.dir, 'outside.jpg'), path.join(photos, 'escape.jpg'));
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 2 });
  await library.addSource(photos);
  library.savePreset({
    name: 'card',
    width: 320,
    height: 240,
    fit: 'cover',
    formats: ['webp', 'jpeg'],
    densities: [1, 2],
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  library?.close();
  await tmp?.cleanup();
});

describe('the URL API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serve();
  });

  it('renders each option family with the right size and format', async () => {
    // land.jpg is 600 × 450 once upright; flowers.jpeg is a photo with detail for the effects.
    const cases: [string, ImgproxyOptions, { width: number; height: number; format: string }][] = [
      [
        'land.jpg',
        { resize: { resizing_type: 'fit', width: 300, height: 300 }, format: 'png' },
        { width: 300, height: 225, format: 'png' },
      ],
      [
        'land.jpg',
        { rs: { resizing_type: 'fill', width: 200, height: 200 }, f: 'jpg' },
        { width: 200, height: 200, format: 'jpeg' },
      ],
      [
        'land.jpg',
        { resizing_type: 'fill-down', width: 1000, height: 500, format: 'jpg' },
        { width: 600, height: 300, format: 'jpeg' },
      ],
      [
        'land.jpg',
        { rt: 'force', w: 100, h: 300, format: 'jpg' },
        { width: 100, height: 300, format: 'jpeg' },
      ],
      [
        'land.jpg',
        { rt: 'auto', w: 200, h: 100, format: 'jpg' },
        { width: 200, height: 100, format: 'jpeg' },
      ],
      [
        'land.jpg',
        { rt: 'auto', w: 100, h: 200, format: 'jpg' },
        { width: 100, height: 75, format: 'jpeg' },
      ],
      [
        'land.jpg',
        { size: { width: 100, height: 100 }, format: 'webp' },
        { width: 100, height: 75, format: 'webp' },
      ],
      ['land.jpg', { s: { height: 90 }, format: 'gif' }, { width: 120, height: 90, format: 'gif' }],
      [
        'land.jpg',
        { width: 100, dpr: 2, format: 'jpg' },
        { width: 200, height: 150, format: 'jpeg' },
      ],
      ['land.jpg', { width: 1200, format: 'jpg' }, { width: 600, height: 450, format: 'jpeg' }],
      [
        'land.jpg',
        { width: 1200, enlarge: 1, format: 'jpg' },
        { width: 1200, height: 900, format: 'jpeg' },
      ],
      [
        'land.jpg',
        {
          rs: { resizing_type: 'fit', width: 800, height: 800, extend: { extend: 1 } },
          format: 'png',
        },
        { width: 800, height: 800, format: 'png' },
      ],
      [
        'land.jpg',
        {
          rs: { resizing_type: 'fill', width: 150, height: 150 },
          gravity: { type: 'sm' },
          format: 'avif',
        },
        { width: 150, height: 150, format: 'heif' },
      ],
      [
        'land.jpg',
        { preset: ['card'], format: 'jpg' },
        { width: 320, height: 240, format: 'jpeg' },
      ],
      [
        'big.jpg',
        { preset: ['card'], dpr: 2, width: 100, format: 'jpg' },
        { width: 200, height: 480, format: 'jpeg' },
      ],
      ['anim.gif', { width: 74, format: 'webp' }, { width: 74, height: 57, format: 'webp' }],
    ];
    for (const [file, options, expected] of cases) {
      const url = signed(file, options);
      const meta = await image(await get(server, url));
      expect(meta.format, url).toBe(expected.format);
      // libvips may round a computed side either way.
      expect(Math.abs(meta.width - expected.width), url).toBeLessThanOrEqual(1);
      expect(Math.abs((meta.pageHeight ?? meta.height) - expected.height), url).toBeLessThanOrEqual(
        1,
      );
    }
    // The animation survives into WebP.
    const animated = await get(server, signed('anim.gif', { width: 74, format: 'webp' }));
    expect((await sharp(animated.body).metadata()).pages).toBeGreaterThan(1);
  });

  it('applies gravity, focal points, extend with background, quality, blur, sharpen and metadata', async () => {
    const fill = { resizing_type: 'fill', width: 120, height: 40 } as const;
    const body = async (options: ImgproxyOptions) =>
      (await get(server, signed('flowers.jpeg', { rs: fill, format: 'png', ...options }))).body;
    const north = await body({ gravity: { type: 'no' } });
    const south = await body({ gravity: { type: 'so' } });
    expect(await meanDifference(north, south)).toBeGreaterThan(3);
    const top = await body({ gravity: { type: 'fp', x: 0.5, y: 0 } });
    expect(await meanDifference(top, north)).toBeLessThan(3);

    const padded = await get(
      server,
      signed('land.jpg', {
        rs: {
          resizing_type: 'fit',
          width: 600,
          height: 600,
          extend: { extend: 1, gravity: { type: 'no' } },
        },
        background: { r: 255, g: 0, b: 0 },
        format: 'png',
      }),
    );
    const { data, info } = await sharp(padded.body).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([600, 600]);
    const bottomLeft = (info.height - 1) * info.width * info.channels;
    expect([...data.subarray(bottomLeft, bottomLeft + 3)]).toEqual([255, 0, 0]);

    const low = await get(
      server,
      signed('flowers.jpeg', { width: 300, quality: 10, format: 'jpg' }),
    );
    const high = await get(
      server,
      signed('flowers.jpeg', { width: 300, quality: 95, format: 'jpg' }),
    );
    expect(low.body.length).toBeLessThan(high.body.length / 2);

    const plain = await body({});
    expect(await meanDifference(await body({ blur: 5 }), plain)).toBeGreaterThan(1);
    expect((await body({ sharpen: 2 })).equals(plain)).toBe(false);

    const kept = await get(
      server,
      signed('land.jpg', { width: 100, strip_metadata: false, format: 'jpg' }),
    );
    const stripped = await get(server, signed('land.jpg', { width: 100, format: 'jpg' }));
    expect((await sharp(kept.body).metadata()).exif).toBeDefined();
    expect((await sharp(stripped.body).metadata()).exif).toBeUndefined();
  });

  it('serves a cachebuster or a repeated request from the same cache entry', async () => {
    const cacheBytes = library.status().cacheBytes;
    const first = await get(server, signed('portrait.jpg', { width: 77, format: 'jpg' }));
    // The result is in the library's cache like any derivative, and counted with it.
    expect(library.status().cacheBytes).toBe(cacheBytes + first.body.length);
    const hits = await metric(server, 'thumbdesk_url_cache_hits_total');
    const busted = await get(
      server,
      signed('portrait.jpg', { width: 77, cachebuster: 'v2', format: 'jpg' }),
    );
    expect(busted.headers.etag).toBe(first.headers.etag);
    expect(busted.body.equals(first.body)).toBe(true);
    expect(await metric(server, 'thumbdesk_url_cache_hits_total')).toBe(hits + 1);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=60');
  });

  it('serves a preset variant generate already built, from its file', async () => {
    await library.generate({ presets: ['card'] });
    const renders = await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}');
    const reply = await get(server, signed('portrait.jpg', { preset: ['card'], format: 'webp' }));
    await image(reply);
    expect(await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}')).toBe(renders);
    const built = library.list().find((o) => o.path === 'portrait.jpg')!;
    expect(JSON.stringify(built)).toContain(reply.headers.etag!.replaceAll('"', ''));
  });

  it('answers plain URLs with spaces and non-ASCII names as the official builder signs them', async () => {
    const url = signed('a b/ü.jpg', { width: 64 }, 'png');
    const reply = await fetch(`http://127.0.0.1:${server.port}${url}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/png');
  });

  it('refuses wrong, truncated, repeated and missing signatures, and insecure URLs', async () => {
    const url = signed('land.jpg', { width: 50, format: 'jpg' });
    const [, signature, ...rest] = url.split('/');
    const tail = `/${rest.join('/')}`;
    expect((await get(server, url)).status).toBe(200);
    const other = signature![0] === 'A' ? 'B' : 'A';
    for (const bad of [
      `/${other}${signature!.slice(1)}${tail}`,
      `/${signature!.slice(0, -1)}${tail}`,
      `/${signature}${signature}${tail}`,
      `/${signature}/${signature}${tail}`,
      tail,
      `/insecure${tail}`,
      `/${signature}${tail.replace('w:50', 'w:51')}`,
    ]) {
      const reply = await get(server, bad);
      expect(reply.status, bad).toBe(403);
      expect(reply.body.toString().trim().split('\n')).toHaveLength(1);
    }
    // A URL signed with the older pair of a rotation still works.
    expect((await get(server, sign(tail, OLD_KEY, OLD_SALT))).status).toBe(200);
  });

  it('refuses traversal, remote and foreign sources even when signed, opening no connection', async () => {
    let baitConnections = 0;
    const bait = http.createServer((_req, res) => res.end('bait'));
    bait.on('connection', () => (baitConnections += 1));
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    const baitPort = (bait.address() as AddressInfo).port;
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    try {
      const refused: [string, number][] = [
        ['/w:10/plain/local:///photos/../outside.jpg', 400],
        ['/w:10/plain/local:///photos/%2e%2e/outside.jpg', 400],
        ['/w:10/plain/local:///photos/%252e%252e/outside.jpg', 400],
        ['/w:10/plain/local:///photos/..%2Foutside.jpg', 400],
        ['/w:10/plain/local:///photos/..\\outside.jpg', 400],
        ['/w:10/plain/local:///photos/%5c..%5coutside.jpg', 400],
        [`/w:10/${b64('local:///photos/../outside.jpg')}.jpg`, 400],
        [`/w:10/plain/local:///${tmp.dir}/outside.jpg`, 400],
        [`/w:10/plain/${tmp.dir}/outside.jpg`, 400],
        [`/w:10/plain/file://${tmp.dir}/outside.jpg`, 400],
        [`/w:10/plain/http://127.0.0.1:${baitPort}/a.jpg`, 400],
        [`/w:10/${b64(`https://127.0.0.1:${baitPort}/a.jpg`)}`, 400],
        ['/w:10/plain/s3://bucket/a.jpg', 400],
        ['/w:10/plain/local:///library/catalog.sqlite', 404],
        ['/w:10/plain/local:///photos/escape.jpg', 404],
        ['/w:10/plain/local:///photos/missing.jpg', 404],
      ];
      for (const [signedPath, status] of refused) {
        const reply = await get(server, sign(signedPath));
        expect(reply.status, signedPath).toBe(status);
      }
    } finally {
      await new Promise((resolve) => bait.close(resolve));
    }
    expect(baitConnections).toBe(0);
  });

  it('refuses unknown options, malformed values, oversize results and unusable originals', async () => {
    const cases: [string, number, RegExp][] = [
      [
        '/brightness:10/plain/local:///photos/land.jpg',
        400,
        /unknown or unsupported processing option "brightness"/,
      ],
      ['/w:abc/plain/local:///photos/land.jpg', 400, /whole number/],
      ['/w:9000/plain/local:///photos/land.jpg', 400, /beyond the maximum of 8192/],
      ['/w:5000/dpr:2/el:1/plain/local:///photos/land.jpg', 400, /beyond the maximum of 8192/],
      ['/w:10/plain/local:///photos/land.jpg@tiff', 400, /"tiff" is not supported/],
      ['/pr:nope/plain/local:///photos/land.jpg', 404, /no preset named "nope"/],
      ['/w:10/plain/local:///elsewhere/land.jpg', 404, /no source named "elsewhere"/],
      ['/w:10/plain/local:///photos/broken.jpg', 422, /corrupt JPEG/],
      ['/w:10/plain/local:///photos/giant.jpg', 422, /megapixel limit/],
    ];
    for (const [signedPath, status, reason] of cases) {
      const reply = await get(server, sign(signedPath));
      expect(reply.status, signedPath).toBe(status);
      expect(reply.body.toString(), signedPath).toMatch(reason);
      expect(reply.headers['cache-control']).toBe('no-store');
    }
    const post = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: sign('/w:10/plain/local:///photos/land.jpg'),
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(post).toBe(405);
  });

  it('answers in the source format by default, as imgproxy, whatever Accept says', async () => {
    const accept = 'image/avif,image/webp,*/*;q=0.8';
    const jpeg = await get(server, signed('land.jpg', { width: 40 }), { accept });
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(jpeg.headers.vary).toBeUndefined();
    const png = await get(server, signed('alpha.png', { width: 40 }), { accept });
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('negotiates the format from Accept with --auto-avif/--auto-webp, with Vary, and answers If-None-Match with 304', async () => {
    const auto = await serve({ autoAvif: true, autoWebp: true });
    const negotiated = async (file: string, accept: string, plainExtension?: string) => {
      const url =
        plainExtension === undefined
          ? signed(file, { width: 40 })
          : signed(file, { width: 40 }, plainExtension);
      return get(auto, url, { accept });
    };
    const avif = await negotiated('land.jpg', 'image/avif,image/webp,*/*;q=0.8');
    expect(avif.headers['content-type']).toBe('image/avif');
    expect(avif.headers.vary).toBe('Accept');
    expect((await negotiated('land.jpg', 'image/webp,*/*')).headers['content-type']).toBe(
      'image/webp',
    );
    expect(
      (await negotiated('land.jpg', 'image/avif;q=0,image/webp')).headers['content-type'],
    ).toBe('image/webp');
    expect((await negotiated('land.jpg', '*/*')).headers['content-type']).toBe('image/jpeg');
    expect((await negotiated('alpha.png', '*/*')).headers['content-type']).toBe('image/png');
    expect((await negotiated('land.jpg', '*/*', '')).headers['content-type']).toBe('image/jpeg');
    const explicit = await negotiated('land.jpg', 'image/avif', 'png');
    expect(explicit.headers['content-type']).toBe('image/png');
    expect(explicit.headers.vary).toBeUndefined();

    const etag = avif.headers.etag!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const url = signed('land.jpg', { width: 40 });
    const notModified = await get(auto, url, { accept: 'image/avif', 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    const otherTag = await get(auto, url, { accept: 'image/webp', 'if-none-match': etag });
    expect(otherTag.status).toBe(200);
  });

  it('coalesces 100 concurrent identical requests into one render', async () => {
    const built = () => metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}');
    const coalesced = () => metric(server, 'thumbdesk_url_coalesced_total');
    const hits = () => metric(server, 'thumbdesk_url_cache_hits_total');
    const before = [await built(), await coalesced(), await hits()];
    const url = signed('big.jpg', { width: 640, quality: 71, format: 'webp' });
    const replies = await Promise.all(Array.from({ length: 100 }, () => get(server, url)));
    expect(replies.every((r) => r.status === 200 && r.body.equals(replies[0]!.body))).toBe(true);
    expect((await built()) - before[0]!).toBe(1);
    expect((await coalesced()) - before[1]! + ((await hits()) - before[2]!)).toBe(99);
    expect(await coalesced()).toBeGreaterThan(before[1]!);
  });

  it('serves a changed original fresh, and gc keeps only what the catalog still names', async () => {
    const url = signed('changing.jpg', { width: 60, format: 'png' });
    const before = await get(server, url);
    await image(before);
    const target = path.join(photos, 'changing.jpg');
    const { mtime } = await stat(target);
    await copyFile(fixture('Portrait_1.jpg'), target);
    await utimes(target, mtime, new Date(mtime.getTime() + 5000));
    // The file is checked again once the last check is this old (see AnswerMemo).
    await new Promise((resolve) => setTimeout(resolve, URL_API_DEFAULTS.fileRecheckMs + 10));
    const after = await get(server, url);
    const meta = await image(after);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect([meta.width, meta.height]).toEqual([60, 80]);

    const oldFile = cacheFileOf(before, 'png');
    const newFile = cacheFileOf(after, 'png');
    await expect(readFile(oldFile)).resolves.toBeDefined();
    await library.gc();
    await expect(readFile(oldFile)).rejects.toThrow(/ENOENT/);
    expect((await readFile(newFile)).equals(after.body)).toBe(true);
    expect((await get(server, url)).status).toBe(200);

    // A new file is picked up at its first request; a removed one is gone at the next.
    await mkdir(path.join(photos, 'new'), { recursive: true });
    await copyFile(fixture('Portrait_2.jpg'), path.join(photos, 'new', 'late.jpg'));
    expect((await get(server, signed('new/late.jpg', { width: 30, format: 'jpg' }))).status).toBe(
      200,
    );
  });

  it('looks at a remembered original on disk again only once its last look is fileRecheckMs old', async () => {
    const minute = 60_000;
    const lazy = await serve({ fileRecheckMs: minute, catalogRecheckMs: minute });
    const eager = await serve({ fileRecheckMs: 0, catalogRecheckMs: minute });
    const target = path.join(photos, 'window.jpg');
    await copyFile(fixture('Landscape_1.jpg'), target);
    const url = signed('window.jpg', { width: 50, format: 'png' });
    const [lazyBefore, eagerBefore] = [await get(lazy, url), await get(eager, url)];
    expect(eagerBefore.headers.etag).toBe(lazyBefore.headers.etag);
    const { mtime } = await stat(target);
    await copyFile(fixture('Portrait_1.jpg'), target);
    await utimes(target, mtime, new Date(mtime.getTime() + 5000));
    // Within its window the lazy server still answers what it resolved; the eager one looks.
    expect((await get(lazy, url)).headers.etag).toBe(lazyBefore.headers.etag);
    expect((await get(eager, url)).headers.etag).not.toBe(eagerBefore.headers.etag);
  });

  it('refuses an original excluded from the library with 404, and gc takes its answers', async () => {
    // Without the memo's grace period, so the exclusion is seen by the very next request.
    const fresh = await serve({ catalogRecheckMs: 0 });
    const url = signed('portrait.jpg', { width: 40, format: 'png' });
    const before = await get(fresh, url);
    await image(before);
    const [id] = library.originalIds(['photos/portrait.jpg']);
    library.exclude([id!]);
    try {
      const refused = await get(fresh, url);
      expect(refused.status).toBe(404);
      expect(refused.body.toString()).toMatch(/^photos\/portrait.jpg is excluded from the library/);
      const file = cacheFileOf(before, 'png');
      await expect(readFile(file)).resolves.toBeDefined();
      await library.gc();
      await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    } finally {
      library.include([id!]);
    }
    expect((await get(fresh, url)).status).toBe(200);
  });

  it('answers /healthz and /metrics, and leaves other paths to the host', async () => {
    expect((await get(server, '/healthz')).status).toBe(200);
    const metrics = (await get(server, '/metrics')).body.toString();
    for (const name of [
      'thumbdesk_url_requests_total{status="200"}',
      'thumbdesk_url_requests_total{status="403"}',
      'thumbdesk_url_renders_total',
      'thumbdesk_url_cache_hits_total',
      'thumbdesk_url_render_queue_length',
      'thumbdesk_url_render_duration_seconds_bucket',
      'thumbdesk_process_resident_memory_bytes',
    ]) {
      expect(metrics).toContain(name);
    }
    const notOurs = await get(server, '/favicon.ico');
    expect(notOurs.body.toString()).toBe('not ours');
  });
});

describe('the URL API without keys', () => {
  it('takes any signature text, as a keyless imgproxy, but only on loopback unless allowed', async () => {
    const loopback = await serve({ keys: [] });
    const path = '/w:20/plain/local:///photos/land.jpg@jpg';
    for (const signature of ['insecure', 'unsafe', '_', 'anything']) {
      expect((await get(loopback, `/${signature}${path}`)).status, signature).toBe(200);
    }
    const exposed = await serve({ keys: [], listenHost: '0.0.0.0' });
    const refused = await get(exposed, `/insecure${path}`);
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).toMatch(/--allow-insecure/);
    const allowed = await serve({ keys: [], listenHost: '0.0.0.0', allowInsecure: true });
    expect((await get(allowed, `/insecure${path}`)).status).toBe(200);
  });
});

describe('the URL API with --only-presets', () => {
  it('serves only the variants of a preset', async () => {
    const server = await serve({ onlyPresets: true });
    expect((await get(server, signed('land.jpg', { preset: ['card'] }))).status).toBe(200);
    expect(
      (await get(server, signed('land.jpg', { preset: ['card'], dpr: 2, format: 'webp' }))).status,
    ).toBe(200);
    for (const options of [
      { width: 100 },
      { preset: ['card'], width: 100 },
      { preset: ['card'], format: 'png' },
      { preset: ['card'], dpr: 3 },
    ] as ImgproxyOptions[]) {
      expect((await get(server, signed('land.jpg', options))).status, JSON.stringify(options)).toBe(
        403,
      );
    }
  });
});

describe('the URL API with a render timeout', () => {
  it('gives up on a render that takes too long, with 504', async () => {
    const server = await serve({ renderTimeoutSeconds: 1 });
    // An 8192-pixel-wide enlargement blurred with sigma 100: seconds of work, stopped at one.
    const reply = await get(server, sign('/w:8192/el:1/bl:100/plain/local:///photos/big.jpg@jpg'));
    expect(reply.status).toBe(504);
    expect(reply.body.toString()).toMatch(/rendering took longer than 1 s/);
    expect(await metric(server, 'thumbdesk_url_renders_total', '{outcome="failed"}')).toBe(1);
  });

  it('holds for AVIF too, whose encode libvips cannot stop: 504 on time, and the slot comes back', async () => {
    const server = await serve({ renderTimeoutSeconds: 1, concurrency: 1, maxQueue: 0 });
    // A first small render starts the render process, so its start-up is not what is timed.
    const warm = await get(server, sign('/w:16/plain/local:///photos/land.jpg@avif'));
    expect(warm.status).toBe(200);
    const started = Date.now();
    // Without a process to kill, this ran for most of a minute here, past any limit.
    const reply = await get(server, sign('/w:2048/el:1/q:100/plain/local:///photos/big.jpg@avif'));
    expect(reply.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(8000);
    // One slot and no queue: this is answered only if the slow render gave its slot back.
    const next = await get(server, sign('/w:24/plain/local:///photos/land.jpg@webp'));
    expect(next.status).toBe(200);
  }, 60_000);
});
