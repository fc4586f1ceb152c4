import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publicationsAt } from '../catalog/publications.js';
import { Library } from '../library/library.js';
import { MANIFEST_KEY } from './manifest.js';
import { publish } from './publish.js';
import { resolveTarget } from './target.js';
import { CLI, ensureBuilt, spawnCli } from '../test-support/cli.js';
import { until } from '../test-support/poll.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import {
  BUCKET,
  listBucket,
  startProxy,
  startS3,
  type Proxy,
  type ProxyOptions,
  type TestS3,
} from './test-support/s3.js';

let s3: TestS3;
let t: TestLibrary;
let proxy: Proxy;
const landed: string[] = [];
const proxyOptions: ProxyOptions = {
  delayMs: 100,
  onAnswered: (method, url, status) => {
    if (method === 'PUT' && status === 200) landed.push(decodeURIComponent(url.split('?')[0]!));
  },
};

/** The CLI's arguments for a publish to `spec` through the proxy. */
function publishArgs(spec: string): string[] {
  return [
    '--library',
    t.library.dir,
    'publish',
    spec,
    '--endpoint',
    proxy.endpoint,
    '--path-style',
  ];
}

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3();
  proxy = await startProxy(s3.port, proxyOptions);
  t = await builtLibrary([
    'Landscape_1.jpg',
    'Landscape_2.jpg',
    'Landscape_3.jpg',
    'Portrait_1.jpg',
    'Portrait_2.jpg',
  ]);
});
afterAll(async () => {
  await t.cleanup();
  await proxy.stop();
  await s3.stop();
});

it('a publish killed between the store and the record HEADs what landed unrecorded, and sends it no more', async () => {
  const spec = `s3://${BUCKET}/killed`;
  const keyOf = (url: string) => decodeURIComponent(url.split('?')[0]!).replace(`/${BUCKET}/`, '');
  // The first four uploads are answered; from the fifth on the objects land in the bucket but
  // their answers never reach the publisher, which is killed while it waits for them: objects
  // there and not recorded, the case a resumed publish must look at before sending again.
  const answered: string[] = [];
  const held: string[] = [];
  proxyOptions.holdAnswer = (method, url, status) => {
    if (method !== 'PUT' || status !== 200) return false;
    if (answered.length < 4) {
      answered.push(keyOf(url));
      return false;
    }
    held.push(keyOf(url));
    return true;
  };
  const run = spawnCli([...publishArgs(spec), '--concurrency', '2']);
  const ended = run.done.then(() => {
    throw new Error('the publish ended before it was killed');
  });
  // Both of its two connections wait for an answer that never comes: nothing else can happen.
  await Promise.race([until('two uploads landed unanswered', () => held.length >= 2), ended]);
  run.child.kill('SIGKILL');
  expect((await run.done).code).toBe(null);
  proxyOptions.holdAnswer = undefined;

  const library = Library.open(t.library.dir);
  try {
    const target = resolveTarget(library.db, spec, { endpoint: proxy.endpoint, pathStyle: true });
    const records = publicationsAt(library.db, target.location);
    const before = await listBucket(s3.client, 'killed/');
    // Whatever the records say is there, is there, with those bytes; the held ones are there
    // without a record.
    expect([...records.keys()].map((key) => `killed/${key}`).sort()).toEqual(answered.sort());
    for (const [key, record] of records) {
      expect(before.get(`killed/${key}`)?.sha256).toBe(record.sha256);
    }
    expect(records.has(MANIFEST_KEY)).toBe(false);
    expect(held).toHaveLength(2);
    expect(held.every((key) => before.has(key))).toBe(true);
    expect(before.size).toBe(6);

    proxyOptions.delayMs = 0;
    const rerun: { method: string; key: string }[] = [];
    proxyOptions.onRequest = (req) => rerun.push({ method: req.method!, key: keyOf(req.url!) });
    const report = await publish(library, target);
    proxyOptions.onRequest = undefined;
    expect(report).toMatchObject({ failed: 0, cancelled: false, unchanged: 6 });
    expect(report.uploaded).toBe(20 - 6 + 1);
    // The landed but unrecorded objects were looked at, and not sent again; nor was anything
    // recorded.
    const heads = rerun.filter((r) => r.method === 'HEAD').map((r) => r.key);
    const puts = rerun.filter((r) => r.method === 'PUT').map((r) => r.key);
    expect(heads).toEqual(expect.arrayContaining(held));
    expect(puts.filter((key) => before.has(key))).toEqual([]);
    expect(puts).toHaveLength(20 - 6 + 1);
    const after = await listBucket(s3.client, 'killed/');
    expect(after.size).toBe(21);
    expect(publicationsAt(library.db, target.location).size).toBe(21);
  } finally {
    library.close();
  }
});

it('a publish killed with SIGKILL that lingers as a zombie holds no lock: an immediate rerun goes ahead', async () => {
  const spec = `s3://${BUCKET}/zombie`;
  proxyOptions.delayMs = 100;
  landed.length = 0;
  // The publish runs under a shell that becomes `sleep`: a parent that never reaps it, as the
  // first process of many containers does not, so once killed it stays a zombie.
  const { THUMBDESK_LIBRARY: _ignored, ...env } = process.env;
  const parent = spawn(
    'sh',
    ['-c', '"$@" & echo $!; exec sleep 60', 'sh', process.execPath, CLI, ...publishArgs(spec)],
    { env, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const pid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!)),
      ),
    );
    await until('a first upload', () => landed.some((key) => key.includes('/zombie/')), {
      intervalMs: 5,
    });
    process.kill(pid, 'SIGKILL');
    await until(
      'a zombie',
      () => / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!),
      { intervalMs: 5 },
    );
    proxyOptions.delayMs = 0;
    const library = Library.open(t.library.dir);
    try {
      const target = resolveTarget(library.db, spec, { endpoint: proxy.endpoint, pathStyle: true });
      const report = await publish(library, target);
      expect(report).toMatchObject({ failed: 0, cancelled: false });
      expect((await listBucket(s3.client, 'zombie/')).size).toBe(21);
    } finally {
      library.close();
    }
  } finally {
    parent.kill('SIGKILL');
  }
});
