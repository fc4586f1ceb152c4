import { createHash } from 'node:crypto';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { MANIFEST_KEY, type Manifest } from './manifest.js';
import { publish, publishHistory } from './publish.js';
import { S3Store } from './stores/s3-store.js';
import { addTarget, resolveTarget } from './target.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import {
  BUCKET,
  getObject,
  listBucket,
  startProxy,
  startS3,
  type TestS3,
} from './test-support/s3.js';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.stop());

/** The manifest at `prefix`, and whether every path it names is in the bucket. */
async function manifestAt(prefix: string) {
  const manifest = JSON.parse(
    (await getObject(s3.client, `${prefix}/${MANIFEST_KEY}`)).toString(),
  ) as Manifest;
  const objects = await listBucket(s3.client, `${prefix}/`);
  const paths = Object.values(manifest.originals).flatMap((o) =>
    Object.values(o.presets).flatMap((variants) => variants.map((v) => v.path)),
  );
  return { manifest, objects, paths, allExist: paths.every((p) => objects.has(`${prefix}/${p}`)) };
}

describe('publish to S3 (s3rver)', () => {
  let t: TestLibrary;
  beforeAll(async () => {
    t = await builtLibrary(['Landscape_1.jpg', 'Portrait_2.jpg', ['p3.png', 'sub/a b+c é.png']]);
  });
  afterAll(() => t.cleanup());

  it('uploads everything with the right headers, then nothing the second time', async () => {
    const target = resolveTarget(t.library.db, `s3://${BUCKET}/first`, {
      endpoint: s3.endpoint,
      pathStyle: true,
    });
    const dry = await publish(t.library, target, { dryRun: true });
    expect(dry).toMatchObject({ uploaded: 13, unchanged: 0, failed: 0, waiting: 0 });
    expect(dry.uploadKeys).toContain('card/src/sub/a b+c é@2x.webp');
    expect((await listBucket(s3.client, 'first/')).size).toBe(0);

    const first = await publish(t.library, target);
    expect(first).toMatchObject({ uploaded: 13, unchanged: 0, deleted: 0, failed: 0 });
    expect(first.bytes).toBe(dry.bytes);
    const objects = await listBucket(s3.client, 'first/');
    expect(objects.size).toBe(13);
    const webp = objects.get('first/card/src/sub/a b+c é@2x.webp'.normalize('NFC'))!;
    expect(webp).toMatchObject({
      contentType: 'image/webp',
      cacheControl: 'public, max-age=3600',
    });
    expect(webp.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(objects.get('first/card/src/Landscape_1.jpg')?.contentType).toBe('image/jpeg');
    expect(objects.get(`first/${MANIFEST_KEY}`)).toMatchObject({
      contentType: 'application/json',
      cacheControl: 'no-cache',
    });

    const { manifest, paths, allExist } = await manifestAt('first');
    expect(allExist).toBe(true);
    expect(paths).toHaveLength(12);
    const landscape = manifest.originals['src/Landscape_1.jpg']!;
    expect(landscape).toMatchObject({ width: 600, height: 450 });
    expect(landscape.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(landscape.placeholder).toBeTruthy();
    expect(landscape.presets.card).toContainEqual({
      path: 'card/src/Landscape_1@2x.webp',
      format: 'webp',
      width: 128,
      height: 96,
      density: 2,
      bytes: objects.get('first/card/src/Landscape_1@2x.webp')!.bytes,
    });

    const second = await publish(t.library, target);
    expect(second).toMatchObject({ uploaded: 0, unchanged: 13, deleted: 0, failed: 0, bytes: 0 });
    expect(publishHistory(t.library, { target }).map((r) => [r.state, r.uploaded])).toEqual([
      ['done', 0],
      ['done', 13],
    ]);
  });

  it('re-uploads only a changed original, and with --delete removes the names that changed', async () => {
    addTarget(t.library.db, 'hashed', `s3://${BUCKET}/hashed`, {
      endpoint: s3.endpoint,
      pathStyle: true,
      template: '{preset}/{dir}/{stem}-{hash}{@density}.{ext}',
    });
    const target = resolveTarget(t.library.db, 'hashed');
    expect(target.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(await publish(t.library, target)).toMatchObject({ uploaded: 13, failed: 0 });
    const before = await listBucket(s3.client, 'hashed/');
    expect(before.get([...before.keys()].find((k) => k.endsWith('.webp'))!)?.cacheControl).toBe(
      'public, max-age=31536000, immutable',
    );

    await copyFile(fixture('Landscape_2.jpg'), path.join(t.source, 'Portrait_2.jpg'));
    await t.library.scan();
    const waitingRun = await publish(t.library, target, { dryRun: true });
    // Its four derivatives wait for a build: only the manifest (the original's new facts) would go.
    expect(waitingRun).toMatchObject({ uploaded: 1, waiting: 4, uploadKeys: [MANIFEST_KEY] });
    const report = await publish(t.library, target, { delete: true, build: true });
    // The original's four variants and the manifest; its four old names go.
    expect(report).toMatchObject({ uploaded: 5, unchanged: 8, deleted: 4, failed: 0 });
    expect(report.uploadKeys.filter((k) => !k.startsWith('card/src/Portrait_2-'))).toEqual([
      MANIFEST_KEY,
    ]);
    const after = await listBucket(s3.client, 'hashed/');
    expect(after.size).toBe(13);
    const { allExist, paths } = await manifestAt('hashed');
    expect(allExist).toBe(true);
    expect(new Set([...paths.map((p) => `hashed/${p}`), `hashed/${MANIFEST_KEY}`])).toEqual(
      new Set(after.keys()),
    );
  });

  it('--verify finds an object changed behind our back with the same size, and repairs it', async () => {
    const target = resolveTarget(t.library.db, `s3://${BUCKET}/verify`, {
      endpoint: s3.endpoint,
      pathStyle: true,
    });
    await publish(t.library, target);
    const key = 'verify/card/src/Landscape_1.webp';
    const original = await getObject(s3.client, key);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: tampered, ContentType: 'image/webp' }),
    );
    expect((await publish(t.library, target)).uploaded).toBe(0); // the records cannot know
    const verified = await publish(t.library, target, { verify: true });
    expect(verified).toMatchObject({ uploaded: 1, repaired: 1, failed: 0 });
    expect(verified.drift).toEqual([{ key: 'card/src/Landscape_1.webp', found: 'other bytes' }]);
    expect((await getObject(s3.client, key)).equals(original)).toBe(true);
    expect((await publish(t.library, target, { verify: true })).drift).toEqual([]);
  });

  it('ends with the bucket equal to the plan through a proxy failing one request in five', async () => {
    const proxy = await startProxy(s3.port, { failEvery: 5 });
    try {
      const target = resolveTarget(t.library.db, `s3://${BUCKET}/faulty`, {
        endpoint: proxy.endpoint,
        pathStyle: true,
      });
      const report = await publish(t.library, target, { concurrency: 4 });
      expect(proxy.failures).toBeGreaterThanOrEqual(2);
      expect(report).toMatchObject({ uploaded: 13, failed: 0 });
      const objects = await listBucket(s3.client, 'faulty/');
      const { allExist, paths } = await manifestAt('faulty');
      expect(allExist).toBe(true);
      expect(objects.size).toBe(paths.length + 1);
      const verified = await publish(t.library, target, { verify: true });
      expect(verified).toMatchObject({ uploaded: 0, failed: 0, drift: [] });
    } finally {
      await proxy.stop();
    }
  });

  it('cancels through its signal, reports progress, refuses a second run meanwhile, and the next run finishes the job', async () => {
    const proxy = await startProxy(s3.port, { delayMs: 50 });
    try {
      const target = resolveTarget(t.library.db, `s3://${BUCKET}/cancel`, {
        endpoint: proxy.endpoint,
        pathStyle: true,
      });
      const controller = new AbortController();
      const snapshots: number[] = [];
      const running = publish(t.library, target, {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p, phase) => {
          expect(phase).toBe('send');
          expect(p.total).toBe(13);
          snapshots.push(p.done);
          if (p.done === 3) controller.abort();
        },
      });
      await expect(publish(t.library, target)).rejects.toThrow(
        /a publish to s3:\/\/site\/cancel .* is already running \(process \d+\)/,
      );
      const cancelled = await running;
      expect(cancelled.cancelled).toBe(true);
      expect(snapshots.slice(0, 3)).toEqual([1, 2, 3]);
      expect(cancelled.uploaded).toBeLessThan(13);
      expect(publishHistory(t.library, { target })[0]!.state).toBe('cancelled');
      const resumed = await publish(t.library, target);
      expect(resumed).toMatchObject({ failed: 0, cancelled: false });
      expect(resumed.uploaded + resumed.unchanged).toBe(13);
      expect(resumed.unchanged).toBeGreaterThanOrEqual(cancelled.uploaded);
      expect((await manifestAt('cancel')).allExist).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('sends an object of 16 MiB or more in parts, a smaller one in one PutObject with Content-MD5', async () => {
    const seen: { method: string; url: string; md5: string | undefined }[] = [];
    const proxy = await startProxy(s3.port, {
      onRequest: (req) =>
        seen.push({
          method: req.method!,
          url: req.url!,
          md5: req.headers['content-md5'] as string,
        }),
    });
    // The store's own defaults: the threshold under test is the one users get.
    const store = new S3Store({
      bucket: BUCKET,
      prefix: 'sizes',
      endpoint: proxy.endpoint,
      pathStyle: true,
    });
    const signal = new AbortController().signal;
    const putFile = async (key: string, data: Buffer) => {
      const file = path.join(t.dir, key);
      await writeFile(file, data);
      const sha256 = createHash('sha256').update(data).digest('hex');
      const request = { key, body: { file }, bytes: data.length, sha256 };
      await store.put(
        { ...request, contentType: 'application/octet-stream', cacheControl: 'no-cache' },
        signal,
      );
      expect(await store.head(key, signal)).toEqual({ sha256, bytes: data.length });
    };
    const requestsFor = (key: string) =>
      seen.filter((r) => r.method !== 'HEAD' && r.url.split('?')[0] === `/${BUCKET}/sizes/${key}`);
    /** The S3 operation a request is, from its method and query. */
    const operation = (r: { method: string; url: string }) => {
      const query = new URL(r.url, 'http://s3').searchParams;
      if (query.has('uploads')) return `${r.method} CreateMultipartUpload`;
      if (query.has('partNumber')) return `${r.method} UploadPart ${query.get('partNumber')}`;
      if (query.has('uploadId')) return `${r.method} CompleteMultipartUpload`;
      return `${r.method} PutObject`;
    };
    try {
      await putFile('big.bin', Buffer.alloc(16 * 1024 * 1024, 7));
      const big = requestsFor('big.bin');
      // Two parts of 8 MiB.
      expect(big.map(operation)).toEqual([
        'POST CreateMultipartUpload',
        'PUT UploadPart 1',
        'PUT UploadPart 2',
        'POST CompleteMultipartUpload',
      ]);

      const small = Buffer.alloc(16 * 1024 * 1024 - 1, 8);
      await putFile('small.bin', small);
      expect(requestsFor('small.bin').map((r) => [operation(r), r.md5])).toEqual([
        ['PUT PutObject', createHash('md5').update(small).digest('base64')],
      ]);
    } finally {
      store.close();
      await proxy.stop();
    }
  });
});
