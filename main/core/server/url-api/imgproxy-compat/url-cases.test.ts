/**
 * The URL cases of imgproxy's path and integration tests (`handlers/path_test.go`,
 * `integration_test/processing_handler_test.go` at commit eef3b31), through a real server
 * where they are about answers and on the path functions where they are about parsing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { get } from '../../../test-support/url-api-server.js';
import { parseSigningPairs, signPath } from '../signature.js';
import { redenormalizePath, splitSignature } from '../url-path.js';
import {
  GEOMETRY_SOURCE,
  IMGPROXY_FIXTURES,
  compatServerForFile,
  startCompatServer,
} from './compat-server.js';

const compat = compatServerForFile();

async function size(path: string, headers = {}) {
  const reply = await get(compat().server, path, headers);
  expect(reply.status, `${path}: ${reply.body.toString().slice(0, 200)}`).toBe(200);
  const meta = await sharp(reply.body).metadata();
  return { reply, width: meta.width, height: meta.height };
}

describe("imgproxy's path tests (handlers/path_test.go)", () => {
  it.each([
    [
      'BasicPath',
      '/dummy_signature/rs:fill:300:200/plain/http://example.com/image.jpg',
      '/rs:fill:300:200/plain/http://example.com/image.jpg',
    ],
    [
      'PathWithPlainUrlRedenormalization',
      '/dummy_signature/rs:fill:300:200/plain/https:/example.com/path/to/image.jpg',
      '/rs:fill:300:200/plain/https://example.com/path/to/image.jpg',
    ],
    [
      'PathWithOptionsSeparatorUnescapingPLain',
      '/dummy_signature/rs%3Afill%3A300%3A200/plain/https://example.com/path/to/image.jpg',
      '/rs:fill:300:200/plain/https://example.com/path/to/image.jpg',
    ],
    [
      'PathWithOptionsSeparatorUnescapingBas64',
      '/dummy_signature/rs%3Afill%3A300%3A200/abc/abc',
      '/rs:fill:300:200/abc/abc',
    ],
  ])('TestParsePath %s', (_name, requestPath, signedPath) => {
    expect(splitSignature(requestPath)).toEqual({ signature: 'dummy_signature', signedPath });
  });

  it.each([
    ['NoSignatureSeparator', '/invalid_path_without_slash'],
    ['EmptyPath', '/'],
    ['OnlySignature', '/signature_only'],
  ])('TestParsePath %s is not an image URL', (_name, requestPath) => {
    expect(splitSignature(requestPath)).toBeUndefined();
  });

  it.each([
    ['HTTP', 'plain/http:/example.com/image.jpg', 'plain/http://example.com/image.jpg'],
    ['HTTPS', 'plain/https:/example.com/image.jpg', 'plain/https://example.com/image.jpg'],
    ['Local', 'plain/local:/image.jpg', 'plain/local:///image.jpg'],
    [
      'WithOptions',
      '/rs:fill:300:200/plain/http:/example.com/image.jpg',
      'rs:fill:300:200/plain/http://example.com/image.jpg',
    ],
    ['NormalizedPath', '/plain/http://example.com/image.jpg', 'plain/http://example.com/image.jpg'],
    [
      'ProtocolMissing',
      '/rs:fill:300:200/plain/example.com/image.jpg',
      'rs:fill:300:200/plain/example.com/image.jpg',
    ],
    ['EmptyString', '', ''],
    ['SingleSlash', '/', ''],
    ['NoPlainPrefix', '/http:/example.com/image.jpg', 'http:/example.com/image.jpg'],
    ['NoProtocol', '/plain/example.com/image.jpg', 'plain/example.com/image.jpg'],
    ['EndsWithProtocol', '/plain/http:', 'plain/http:'],
    ['OnlyProtocol', '/plain/http:/test', 'plain/http://test'],
  ])('TestRedenormalizePathHTTPProtocol %s', (_name, input, expected) => {
    expect(redenormalizePath(input)).toBe(expected);
  });

  it('the forms proxies make are answered: escaped colons, a collapsed local://, an empty options segment, a query', async () => {
    for (const path of [
      `/unsafe/rs%3Afill%3A300%3A200/plain/${GEOMETRY_SOURCE}`,
      '/unsafe/rs:fill:300:200/plain/local:/imgproxy/geometry.png',
      `/unsafe/rs:fill:300:200/plain/${GEOMETRY_SOURCE}?param1=value1&param2=value2`,
    ]) {
      const { width, height } = await size(path);
      expect([width, height], path).toEqual([200, 100]);
    }
    const { width } = await size(`/insecure//plain/${GEOMETRY_SOURCE}`);
    expect(width).toBe(200);
  });
});

describe("imgproxy's integration tests (processing_handler_test.go), URL cases", () => {
  it('TestSignatureValidationFailure: signatures as imgproxy computes them; unsafe and bad ones refused', async () => {
    const pair = parseSigningPairs(
      [Buffer.from('test-key').toString('hex')],
      [Buffer.from('test-salt').toString('hex')],
    )[0]!;
    // imgproxy's own expected signature for its own path: the same HMAC here.
    expect(signPath(pair, '/rs:fill:4:4/plain/local:///test1.png')).toBe(
      'My9d3xq_PYpVHsPrCyww0Kh1w5KZeZhIlWhsa4az1TI',
    );
    const keyed = await startCompatServer({ keys: [pair] });
    try {
      const path = `/rs:fill:4:4/plain/${GEOMETRY_SOURCE}`;
      expect((await get(keyed.server, `/unsafe${path}`)).status).toBe(403);
      expect((await get(keyed.server, `/bad-signature${path}`)).status).toBe(403);
      expect((await get(keyed.server, `/${signPath(pair, path)}${path}`)).status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('TestAlwaysRasterizeSvg: an SVG source comes back as PNG (scripts and handlers gone)', async () => {
    const { reply, width, height } = await size(
      '/unsafe/rs:fill:40:40/plain/local:///imgproxy/test1.svg',
    );
    expect(reply.headers['content-type']).toBe('image/png');
    expect([width, height]).toEqual([40, 40]);
  });

  it('TestErrorSavingToSVG: asking for SVG output is refused (400 here, 422 in imgproxy)', async () => {
    const reply = await get(
      compat().server,
      '/unsafe/rs:fill:4:4/plain/local:///imgproxy/test1.png@svg',
    );
    expect(reply.status).toBe(400);
    expect(reply.body.toString()).toMatch(/"svg" is not supported/);
  });

  it('TestSourceValidation: remote sources are refused, whatever their host', async () => {
    for (const source of ['http://images.dev/lorem/ipsum.jpg', 's3://images/lorem/ipsum.jpg']) {
      const reply = await get(compat().server, `/unsafe/plain/${source}`);
      expect(reply.status, source).toBe(400);
    }
  });
});

describe("imgproxy's format detection (TestParsePathWebpDetection, TestParsePathAvifDetection)", () => {
  it('with auto WebP/AVIF on, Accept chooses; a format in the URL wins (without enforcing)', async () => {
    const auto = await startCompatServer({ autoWebp: true, autoAvif: true });
    try {
      const url = `/unsafe/w:50/plain/${GEOMETRY_SOURCE}`;
      const type = async (path: string, accept: string) =>
        (await get(auto.server, path, { accept })).headers['content-type'];
      expect(await type(url, 'image/webp,*/*')).toBe('image/webp');
      expect(await type(url, 'image/avif,*/*')).toBe('image/avif');
      expect(await type(url, '*/*')).toBe('image/png');
      expect(await type(`${url}@png`, 'image/webp,image/avif')).toBe('image/png');
    } finally {
      await auto.close();
    }
  });
});

describe("imgproxy's format enforcing (TestParsePathWebpEnforce, TestParsePathAvifEnforce)", () => {
  it('IMGPROXY_ENFORCE_*: the enforced format over one the URL names, if the client takes it', async () => {
    const enforcing = await startCompatServer({ enforceWebp: true, enforceAvif: true });
    try {
      const reply = (accept: string) =>
        get(enforcing.server, `/unsafe/w:50/plain/${GEOMETRY_SOURCE}@png`, { accept });
      const webp = await reply('image/webp,*/*');
      expect([webp.headers['content-type'], webp.headers.vary]).toEqual(['image/webp', 'Accept']);
      expect((await reply('image/avif,image/webp')).headers['content-type']).toBe('image/avif');
      const neither = await reply('*/*');
      expect([neither.headers['content-type'], neither.headers.vary]).toEqual([
        'image/png',
        'Accept',
      ]);
      // Enforcing implies preferring: a URL without a format is negotiated too.
      const auto = await get(enforcing.server, `/unsafe/w:50/plain/${GEOMETRY_SOURCE}`, {
        accept: 'image/webp',
      });
      expect(auto.headers['content-type']).toBe('image/webp');
    } finally {
      await enforcing.close();
    }
  });
});

describe("imgproxy's skip_processing and raw (processing_handler_test.go)", () => {
  const original = () => readFile(path.join(IMGPROXY_FIXTURES, 'test1.png'));

  it('TestSkipProcessingPO / TestSkipProcessingSameFormat: the original bytes, as PNG', async () => {
    for (const url of [
      '/unsafe/rs:fill:4:4/skp:png/plain/local:///imgproxy/test1.png',
      '/unsafe/rs:fill:4:4/skp:jpg:png/plain/local:///imgproxy/test1.png@png',
      '/unsafe/rs:fill:4:4/raw:1/plain/local:///imgproxy/test1.png@jpg',
    ]) {
      const reply = await get(compat().server, url);
      expect([reply.status, reply.headers['content-type']], url).toEqual([200, 'image/png']);
      expect(reply.body.equals(await original()), url).toBe(true);
    }
  });

  it('TestSkipProcessingDifferentFormat, and a format not listed: processed', async () => {
    for (const url of [
      '/unsafe/rs:fill:4:4/skp:png/plain/local:///imgproxy/test1.png@jpg',
      '/unsafe/rs:fill:4:4/skp:jpg/plain/local:///imgproxy/test1.png',
    ]) {
      const reply = await get(compat().server, url);
      expect(reply.status, url).toBe(200);
      expect(reply.body.equals(await original()), url).toBe(false);
      expect((await sharp(reply.body).metadata()).width, url).toBe(4);
    }
  });

  it('an SVG never passes through: it is rasterised', async () => {
    const reply = await get(compat().server, '/unsafe/raw:1/plain/local:///imgproxy/test1.svg');
    expect([reply.status, reply.headers['content-type']]).toEqual([200, 'image/png']);
  });
});

describe('handling options: expires, filename, return_attachment', () => {
  it('name the download as imgproxy does, and refuse an expired URL', async () => {
    const { reply } = await size(`/unsafe/w:50/fn:holiday/att:1/plain/${GEOMETRY_SOURCE}@webp`);
    expect(reply.headers['content-disposition']).toBe('attachment; filename="holiday.webp"');
    const encoded = Buffer.from('sommer "2026"').toString('base64url');
    const named = await size(`/unsafe/w:50/fn:${encoded}:1/plain/${GEOMETRY_SOURCE}`);
    expect(named.reply.headers['content-disposition']).toBe(
      'inline; filename="sommer %222026%22.png"',
    );
    const inline = await size(`/unsafe/w:50/att:0/plain/${GEOMETRY_SOURCE}`);
    expect(inline.reply.headers['content-disposition']).toBe('inline; filename="geometry.png"');
    const plain = await size(`/unsafe/w:50/plain/${GEOMETRY_SOURCE}`);
    expect(plain.reply.headers['content-disposition']).toBeUndefined();
    const future = await size(`/unsafe/exp:32503669200/w:50/plain/${GEOMETRY_SOURCE}`);
    expect(future.width).toBe(50);
    const expired = await get(compat().server, `/unsafe/exp:1609448400/plain/${GEOMETRY_SOURCE}`);
    expect([expired.status, expired.body.toString().trim()]).toEqual([400, 'this URL has expired']);
  });
});
