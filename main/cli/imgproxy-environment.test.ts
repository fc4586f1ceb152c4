import { Command } from 'commander';
import { copyFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { parseSigningPairs, signPath } from '../core/server/url-api/signature.js';
import { GEOMETRY_PNG } from '../core/server/url-api/imgproxy-compat/compat-server.js';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { CliError } from './command-kit.js';
import { imgproxyEnvironment, listenAddress } from './imgproxy-environment.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from './url-api-options.js';
import { createUrlCatalogOwner } from '../core/url-catalog/owner.js';

const KEY = Buffer.from('test-key').toString('hex');
const SALT = Buffer.from('test-salt').toString('hex');
const VARIABLES = [
  'IMGPROXY_KEY',
  'IMGPROXY_SALT',
  'IMGPROXY_SIGNATURE_SIZE',
  'IMGPROXY_PRESETS',
  'IMGPROXY_AUTO_WEBP',
  'IMGPROXY_TTL',
  'IMGPROXY_MAX_SRC_RESOLUTION',
  'IMGPROXY_MAX_RESULT_DIMENSION',
  'IMGPROXY_MAX_ANIMATION_FRAMES',
  'IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION',
];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
beforeAll(async () => {
  tmp = await makeTempDir();
  const source = path.join(tmp.dir, 'imgproxy');
  await mkdir(source);
  await copyFile(GEOMETRY_PNG, path.join(source, 'geometry.png'));
  // Three frames of 20 × 10, each a flat grey of its own.
  const frames = Buffer.concat([0, 100, 200].map((grey) => Buffer.alloc(20 * 10 * 3, grey)));
  const raw = { width: 20, height: 30, channels: 3, pageHeight: 10 } as const;
  await sharp(frames, { raw }).gif().toFile(path.join(source, 'anim.gif'));
  library = Library.open(path.join(tmp.dir, 'library'));
  await library.addSource(source);
});
afterAll(async () => {
  library.close();
  await tmp.cleanup();
});
afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

function parse(args: string[]): UrlApiCliOptions {
  const command = addUrlApiOptions(new Command('serve').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts<UrlApiCliOptions>();
}

/** The reply and its body the API built from `options` gives `urlPath`. */
async function fetchFrom(options: UrlApiCliOptions, urlPath: string, accept = '*/*') {
  const api = await urlApiFromOptions(
    createUrlCatalogOwner(library),
    library,
    options,
    '127.0.0.1',
  );
  const server = http.createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const reply = await fetch(`http://127.0.0.1:${port}${urlPath}`, { headers: { accept } });
    return { reply, body: Buffer.from(await reply.arrayBuffer()) };
  } finally {
    server.close();
    await api.close();
  }
}

/** Status and content type (or `header`) the API built from `options` gives `urlPath`. */
async function answer(
  options: UrlApiCliOptions,
  urlPath: string,
  accept = '*/*',
  header = 'content-type',
) {
  const { reply } = await fetchFrom(options, urlPath, accept);
  return [reply.status, reply.headers.get(header)];
}

describe("imgproxy's environment variables", () => {
  it('are read as imgproxy reads them, and refused in words when malformed', () => {
    expect(
      imgproxyEnvironment({
        IMGPROXY_KEY: 'aa, bb',
        IMGPROXY_SALT: 'cc,dd',
        IMGPROXY_SIGNATURE_SIZE: '8',
        IMGPROXY_PRESETS: 'a=w:10, b=h:20',
        IMGPROXY_ONLY_PRESETS: 'true',
        IMGPROXY_ENABLE_WEBP_DETECTION: '1',
        IMGPROXY_AUTO_AVIF: 'false',
      }),
    ).toEqual({
      keys: ['aa', 'bb'],
      salts: ['cc', 'dd'],
      signatureSize: 8,
      presets: ['a=w:10', 'b=h:20'],
      onlyPresets: true,
      autoWebp: true,
      autoAvif: false,
    });
    expect(() => imgproxyEnvironment({ IMGPROXY_AUTO_WEBP: 'yes' })).toThrow(
      /IMGPROXY_AUTO_WEBP must be true or false/,
    );
    expect(() => imgproxyEnvironment({ IMGPROXY_SIGNATURE_SIZE: '33' })).toThrow(CliError);
  });

  it('read IMGPROXY_ENFORCE_WEBP and IMGPROXY_ENFORCE_AVIF as booleans', () => {
    expect(
      imgproxyEnvironment({ IMGPROXY_ENFORCE_WEBP: 'true', IMGPROXY_ENFORCE_AVIF: '0' }),
    ).toMatchObject({ enforceWebp: true, enforceAvif: false });
    expect(imgproxyEnvironment({}).enforceWebp).toBeUndefined();
    expect(() => imgproxyEnvironment({ IMGPROXY_ENFORCE_AVIF: 'on' })).toThrow(
      /IMGPROXY_ENFORCE_AVIF must be true or false/,
    );
  });

  it('read IMGPROXY_MAX_SRC_RESOLUTION, _MAX_RESULT_DIMENSION and _BIND, refusing malformed ones', () => {
    expect(
      imgproxyEnvironment({
        IMGPROXY_MAX_SRC_RESOLUTION: '16.8',
        IMGPROXY_MAX_RESULT_DIMENSION: '2000',
        IMGPROXY_BIND: 'localhost:8080',
      }),
    ).toMatchObject({
      maxSrcPixels: 16_800_000,
      maxResultDimension: 2000,
      bind: { host: 'localhost', port: 8080 },
    });
    expect(imgproxyEnvironment({ IMGPROXY_BIND: ':8080' }).bind).toEqual({
      host: '0.0.0.0',
      port: 8080,
    });
    expect(imgproxyEnvironment({ IMGPROXY_BIND: '[::1]:9000' }).bind).toEqual({
      host: '::1',
      port: 9000,
    });
    for (const [name, value, reason] of [
      ['IMGPROXY_MAX_SRC_RESOLUTION', '0', /megapixels above 0/],
      ['IMGPROXY_MAX_SRC_RESOLUTION', 'lots', /megapixels above 0/],
      ['IMGPROXY_MAX_SRC_RESOLUTION', '5000', /at most 1000/],
      ['IMGPROXY_MAX_RESULT_DIMENSION', '-1', /whole number from 0 to 65535/],
      ['IMGPROXY_BIND', '8080', /host:port/],
      ['IMGPROXY_BIND', 'host:70000', /host:port/],
      ['IMGPROXY_BIND', '/tmp/imgproxy.sock', /host:port/],
    ] as const) {
      expect(() => imgproxyEnvironment({ [name]: value }), value).toThrow(reason);
    }
  });

  it('read IMGPROXY_MAX_ANIMATION_FRAMES (1 or more) and _FRAME_RESOLUTION (megapixels, 0 none)', () => {
    expect(
      imgproxyEnvironment({
        IMGPROXY_MAX_ANIMATION_FRAMES: '12',
        IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION: '0.5',
      }),
    ).toMatchObject({ maxAnimationFrames: 12, maxAnimationFramePixels: 500_000 });
    // Unset: every frame, and no frame limit.
    expect(imgproxyEnvironment({})).toMatchObject({
      maxAnimationFrames: undefined,
      maxAnimationFramePixels: undefined,
    });
    expect(
      imgproxyEnvironment({
        IMGPROXY_MAX_ANIMATION_FRAMES: '1',
        IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION: '0',
      }),
    ).toMatchObject({ maxAnimationFrames: 1, maxAnimationFramePixels: 0 });
    for (const [name, value, reason] of [
      // imgproxy refuses 0 or fewer frames at start.
      ['IMGPROXY_MAX_ANIMATION_FRAMES', '0', /whole number from 1 to 1000000/],
      ['IMGPROXY_MAX_ANIMATION_FRAMES', '2.5', /whole number from 1/],
      ['IMGPROXY_MAX_ANIMATION_FRAMES', '1000001', /whole number from 1 to 1000000/],
      ['IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION', '-1', /megapixels from 0, at most 1000/],
      ['IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION', 'big', /megapixels from 0/],
    ] as const) {
      expect(() => imgproxyEnvironment({ [name]: value }), value).toThrow(reason);
    }
  });

  it('IMGPROXY_BIND gives serve the host and port its flags leave to their defaults', () => {
    const flags = { host: '127.0.0.1', port: 8420 };
    const bound = { host: '0.0.0.0', port: 8080 };
    expect(listenAddress(flags, { host: false, port: false }, bound)).toEqual(bound);
    expect(listenAddress(flags, { host: true, port: false }, bound)).toEqual({
      host: '127.0.0.1',
      port: 8080,
    });
    expect(listenAddress(flags, { host: false, port: true }, bound)).toEqual({
      host: '0.0.0.0',
      port: 8420,
    });
    expect(listenAddress(flags, { host: false, port: false }, undefined)).toEqual(flags);
  });

  it('IMGPROXY_MAX_SRC_RESOLUTION refuses larger sources with a 422, before any render', async () => {
    const urlPath = '/insecure/w:50/plain/local:///imgproxy/geometry.png';
    // geometry.png is 200 × 100: 0.02 megapixels.
    process.env.IMGPROXY_MAX_SRC_RESOLUTION = '0.019';
    const { reply, body } = await fetchFrom(parse([]), urlPath);
    expect([reply.status, body.toString()]).toEqual([
      422,
      expect.stringMatching(/^200 × 100 is larger than the [\d.]+-megapixel limit/),
    ]);
    process.env.IMGPROXY_MAX_SRC_RESOLUTION = '0.02';
    expect(await answer(parse([]), urlPath)).toEqual([200, 'image/png']);
  });

  it('IMGPROXY_MAX_ANIMATION_FRAMES and _FRAME_RESOLUTION reach the URL API', async () => {
    const urlPath = '/insecure/w:10/plain/local:///imgproxy/anim.gif@gif';
    const pages = async () => {
      const { reply, body } = await fetchFrom(parse([]), urlPath);
      expect(reply.status, body.toString().slice(0, 200)).toBe(200);
      return (await sharp(body, { animated: true }).metadata()).pages;
    };
    expect(await pages()).toBe(3);
    process.env.IMGPROXY_MAX_ANIMATION_FRAMES = '2';
    expect(await pages()).toBe(2);
    // 100 pixels a frame: each of 20 × 10 is larger.
    process.env.IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION = '0.0001';
    expect((await fetchFrom(parse([]), urlPath)).reply.status).toBe(422);
  });

  it('IMGPROXY_MAX_RESULT_DIMENSION scales results down to it unless a URL sets mrd', async () => {
    process.env.IMGPROXY_MAX_RESULT_DIMENSION = '60';
    const size = async (options: string) => {
      const { reply, body } = await fetchFrom(
        parse([]),
        `/insecure/${options}/plain/local:///imgproxy/geometry.png`,
      );
      expect(reply.status, body.toString().slice(0, 200)).toBe(200);
      const meta = await sharp(body).metadata();
      return [meta.width, meta.height];
    };
    expect(await size('w:150')).toEqual([60, 30]);
    expect(await size('w:150/mrd:100')).toEqual([100, 50]);
    expect(await size('w:150/mrd:0')).toEqual([150, 75]);
  });

  it('sign, cut signatures and define presets for serve, after its own flags', async () => {
    process.env.IMGPROXY_KEY = KEY;
    process.env.IMGPROXY_SALT = SALT;
    process.env.IMGPROXY_SIGNATURE_SIZE = '8';
    process.env.IMGPROXY_PRESETS = 'small=rs:fit:50:50';
    const pair = parseSigningPairs([KEY], [SALT])[0]!;
    const signedPath = '/pr:small/plain/local:///imgproxy/geometry.png';
    const short = signPath(pair, signedPath, 8);
    expect(short).toHaveLength(11);
    expect(await answer(parse([]), `/${short}${signedPath}`)).toEqual([200, 'image/png']);
    expect(await answer(parse([]), `/${signPath(pair, signedPath)}${signedPath}`)).toEqual([
      403,
      'text/plain; charset=utf-8',
    ]);
    // A flag wins over the environment.
    const flagged = parse(['--signature-size', '32']);
    expect((await answer(flagged, `/${signPath(pair, signedPath)}${signedPath}`))[0]).toBe(200);
    process.env.IMGPROXY_PRESETS = 'broken=w:ten';
    await expect(
      urlApiFromOptions(createUrlCatalogOwner(library), library, parse([]), '127.0.0.1'),
    ).rejects.toThrow(/URL presets: preset "broken": width must be a whole number/);
  });

  it('IMGPROXY_AUTO_WEBP (or --auto-webp) lets Accept choose WebP; without it the source format', async () => {
    const urlPath = '/insecure/w:50/plain/local:///imgproxy/geometry.png';
    expect(await answer(parse([]), urlPath, 'image/webp,*/*')).toEqual([200, 'image/png']);
    expect(await answer(parse(['--auto-webp']), urlPath, 'image/webp,*/*')).toEqual([
      200,
      'image/webp',
    ]);
    process.env.IMGPROXY_AUTO_WEBP = 'true';
    expect(await answer(parse([]), urlPath, 'image/webp,*/*')).toEqual([200, 'image/webp']);
  });

  it('IMGPROXY_TTL is the max-age of unversioned answers, unless --url-max-age says otherwise', async () => {
    const urlPath = '/insecure/w:40/plain/local:///imgproxy/geometry.png';
    process.env.IMGPROXY_TTL = '120';
    const [, fromEnv] = await answer(parse([]), urlPath, '*/*', 'cache-control');
    expect(fromEnv).toMatch(/\bmax-age=120\b/);
    const [, fromFlag] = await answer(
      parse(['--url-max-age', '30']),
      urlPath,
      '*/*',
      'cache-control',
    );
    expect(fromFlag).toMatch(/\bmax-age=30\b/);
  });
});
