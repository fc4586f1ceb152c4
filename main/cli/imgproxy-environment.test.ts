import { Command } from 'commander';
import { copyFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { parseSigningPairs, signPath } from '../core/server/url-api/signature.js';
import { GEOMETRY_PNG } from '../core/server/url-api/imgproxy-compat/compat-server.js';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { CliError } from './command-kit.js';
import { imgproxyEnvironment } from './imgproxy-environment.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from './url-api-options.js';

const KEY = Buffer.from('test-key').toString('hex');
const SALT = Buffer.from('test-salt').toString('hex');
const VARIABLES = [
  'IMGPROXY_KEY',
  'IMGPROXY_SALT',
  'IMGPROXY_SIGNATURE_SIZE',
  'IMGPROXY_PRESETS',
  'IMGPROXY_AUTO_WEBP',
  'IMGPROXY_TTL',
];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
beforeAll(async () => {
  tmp = await makeTempDir();
  const source = path.join(tmp.dir, 'imgproxy');
  await mkdir(source);
  await copyFile(GEOMETRY_PNG, path.join(source, 'geometry.png'));
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

/** Status and content type (or `header`) the API built from `options` gives `urlPath`. */
async function answer(
  options: UrlApiCliOptions,
  urlPath: string,
  accept = '*/*',
  header = 'content-type',
) {
  const api = await urlApiFromOptions(library, options, '127.0.0.1');
  const server = http.createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const reply = await fetch(`http://127.0.0.1:${port}${urlPath}`, { headers: { accept } });
    await reply.arrayBuffer();
    return [reply.status, reply.headers.get(header)];
  } finally {
    server.close();
    await api.close();
  }
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
    await expect(urlApiFromOptions(library, parse([]), '127.0.0.1')).rejects.toThrow(
      /URL presets: preset "broken": width must be a whole number/,
    );
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
