import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaFile } from '../core/service/media-resolver.js';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { answerAppRequest } from './app-protocol.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let deps: { rendererDir: string; media: (p: string) => Promise<MediaFile | undefined> };
const asked: string[] = [];

beforeAll(async () => {
  tmp = await makeTempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
  await writeFile(path.join(tmp.dir, 'secret.txt'), 'secret');
  await writeFile(path.join(tmp.dir, 'a.webp'), 'webp bytes');
  deps = {
    rendererDir,
    media: async (mediaPath) => {
      asked.push(mediaPath);
      return mediaPath === 'thumb/1'
        ? { file: path.join(tmp.dir, 'a.webp'), contentType: 'image/webp', immutable: true }
        : undefined;
    },
  };
});

afterAll(() => tmp.cleanup());

describe('the app protocol', () => {
  it('serves the page with a strict CSP', async () => {
    const res = await answerAppRequest('thumbdesk://app/index.html', deps);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves media the library resolves, and nothing else', async () => {
    const res = await answerAppRequest('thumbdesk://app/media/thumb/1', deps);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/webp']);
    expect(await res.text()).toBe('webp bytes');
    expect((await answerAppRequest('thumbdesk://app/media/original/2', deps)).status).toBe(404);
    expect(asked).toEqual(['thumb/1', 'original/2']);
  });

  it('refuses paths out of the build and other hosts', async () => {
    for (const url of [
      'thumbdesk://app/%2e%2e/secret.txt',
      'thumbdesk://app/..%2fsecret.txt',
      'thumbdesk://app/assets/missing.js',
      'thumbdesk://other/index.html',
    ]) {
      expect((await answerAppRequest(url, deps)).status, url).toBe(404);
    }
  });
});
