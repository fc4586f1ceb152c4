/**
 * A keyless URL API over a library whose one source, `imgproxy`, holds imgproxy's own test
 * images (fixtures/imgproxy), for the suites that replay imgproxy's tests. imgproxy's tests name
 * an image `local:///geometry.png`; here it is `local:///imgproxy/geometry.png` (a library
 * source must be named).
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { Library } from '../../../library/library.js';
import { PROJECT_ROOT, makeTempDir } from '../../../test-support/fixtures.js';
import { startUrlApi, type TestServer } from '../../../test-support/url-api-server.js';
import type { UrlApiOptions } from '../url-api.js';

export const IMGPROXY_FIXTURES = path.join(PROJECT_ROOT, 'fixtures/imgproxy');
export const GEOMETRY_PNG = path.join(IMGPROXY_FIXTURES, 'geometry.png');

/** imgproxy's `local:///geometry.png` as this library names it. */
export const GEOMETRY_SOURCE = 'local:///imgproxy/geometry.png';

export interface CompatServer {
  server: TestServer;
  /** The `imgproxy` source folder (a file written here is found at its first request). */
  sourceDir: string;
  library: Library;
  close: () => Promise<void>;
}

/**
 * Starts the server; `close` stops it and removes the library.
 * @example const compat = await startCompatServer(); await get(compat.server, '/unsafe/w:50/plain/' + GEOMETRY_SOURCE);
 */
export async function startCompatServer(
  options: Partial<UrlApiOptions> = {},
): Promise<CompatServer> {
  const tmp = await makeTempDir('thumbdesk-imgproxy-compat-');
  const source = path.join(tmp.dir, 'imgproxy');
  await cp(IMGPROXY_FIXTURES, source, {
    recursive: true,
    filter: (file) => !/\/(LICENSE|README\.md)$/.test(file),
  });
  const library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 2 });
  await library.addSource(source);
  const server = await startUrlApi(library, { listenHost: '127.0.0.1', ...options });
  return {
    server,
    sourceDir: source,
    library,
    close: async () => {
      await server.close();
      library.close();
      await tmp.cleanup();
    },
  };
}

/**
 * One compat server for the calling test file: started before its tests, closed after them.
 * @example const compat = compatServerForFile(); it('…', async () => get(compat().server, path));
 */
export function compatServerForFile(options: Partial<UrlApiOptions> = {}): () => CompatServer {
  let compat: CompatServer | undefined;
  beforeAll(async () => {
    compat = await startCompatServer(options);
  });
  afterAll(async () => {
    await compat?.close();
  });
  return () => compat!;
}

/**
 * The largest difference of any channel of any pixel of two images of one size, in sRGB
 * without alpha: 0 when they show the same pixels.
 * @example expect(await largestDifference(answer, expected)).toBe(0);
 */
export async function largestDifference(a: Buffer, b: Buffer): Promise<number> {
  const pixels = (image: Buffer) =>
    sharp(image).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
  expect([pa.info.width, pa.info.height]).toEqual([pb.info.width, pb.info.height]);
  let largest = 0;
  for (let i = 0; i < pa.data.length; i += 1) {
    largest = Math.max(largest, Math.abs(pa.data[i]! - pb.data[i]!));
  }
  return largest;
}
