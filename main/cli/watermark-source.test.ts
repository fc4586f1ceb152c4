import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, makeTempDir } from '../core/test-support/fixtures.js';
import { CliError } from './command-kit.js';
import { imgproxyEnvironment } from './imgproxy-environment.js';
import { loadWatermark, WATERMARK_MAX_BYTES } from './watermark-source.js';

const GEOMETRY = path.join(PROJECT_ROOT, 'fixtures/imgproxy/geometry.png');
let tmp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-watermark-');
});

afterAll(async () => {
  await tmp?.cleanup();
});

describe('the configured watermark', () => {
  it('comes from --watermark, else IMGPROXY_WATERMARK_DATA, else _PATH, with its hash', async () => {
    const bytes = await readFile(GEOMETRY);
    const fromFile = await loadWatermark(GEOMETRY, {});
    expect(Buffer.from(fromFile!.bytes).equals(bytes)).toBe(true);
    expect(fromFile?.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(fromFile?.opacity).toBe(1);
    const env = imgproxyEnvironment({
      IMGPROXY_WATERMARK_DATA: bytes.toString('base64'),
      IMGPROXY_WATERMARK_PATH: '/nowhere.png',
      IMGPROXY_WATERMARK_OPACITY: '0.4',
    });
    const fromData = await loadWatermark(undefined, env);
    expect([fromData?.hash, fromData?.opacity]).toEqual([fromFile?.hash, 0.4]);
    const fromPath = await loadWatermark(
      undefined,
      imgproxyEnvironment({ IMGPROXY_WATERMARK_PATH: GEOMETRY }),
    );
    expect(fromPath?.hash).toBe(fromFile?.hash);
    expect(await loadWatermark(undefined, {})).toBeUndefined();
  });

  it('changes its hash with its bytes', async () => {
    const file = path.join(tmp.dir, 'mark.png');
    await writeFile(file, await readFile(GEOMETRY));
    const before = await loadWatermark(file, {});
    await writeFile(file, await readFile(path.join(PROJECT_ROOT, 'fixtures/imgproxy/test1.png')));
    const after = await loadWatermark(file, {});
    expect(after?.hash).not.toBe(before?.hash);
  });

  it('refuses a URL, too many bytes, what is not an image and a bad opacity, naming the source', async () => {
    await expect(
      loadWatermark(undefined, { watermarkUrl: 'https://example.com/mark.png' }),
    ).rejects.toThrow(/IMGPROXY_WATERMARK_URL is not supported \(serve fetches nothing\)/);
    const large = path.join(tmp.dir, 'large.png');
    await writeFile(large, Buffer.alloc(WATERMARK_MAX_BYTES + 1));
    await expect(loadWatermark(large, {})).rejects.toThrow(/--watermark: large.png is larger than/);
    const text = path.join(tmp.dir, 'mark.txt');
    await writeFile(text, 'not an image');
    await expect(loadWatermark(text, {})).rejects.toThrow(/--watermark is not an image/);
    await expect(loadWatermark(path.join(tmp.dir, 'absent.png'), {})).rejects.toThrow(CliError);
    await expect(loadWatermark(undefined, { watermarkData: '%%%' })).rejects.toThrow(
      /IMGPROXY_WATERMARK_DATA must be Base64/,
    );
    expect(() => imgproxyEnvironment({ IMGPROXY_WATERMARK_OPACITY: '1.5' })).toThrow(
      /IMGPROXY_WATERMARK_OPACITY must be a number from 0 to 1/,
    );
  });
});
