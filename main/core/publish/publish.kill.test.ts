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

it('a publish killed mid-way records only what landed, and the next run finishes without sending it again', async () => {
  const spec = `s3://${BUCKET}/killed`;
  const run = spawnCli([...publishArgs(spec), '--concurrency', '2']);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (landed.length >= 6) {
        clearInterval(timer);
        run.child.kill('SIGKILL');
        resolve();
      }
    }, 5);
    run.done.then(() => reject(new Error('the publish ended before it was killed')), reject);
  });
  expect((await run.done).code).toBe(null);

  // Whatever the records say is there, is there, with those bytes.
  const library = Library.open(t.library.dir);
  try {
    const target = resolveTarget(library.db, spec, { endpoint: proxy.endpoint, pathStyle: true });
    const records = publicationsAt(library.db, target.location);
    const before = await listBucket(s3.client, 'killed/');
    expect(records.size).toBeGreaterThan(0);
    expect(records.has(MANIFEST_KEY)).toBe(false);
    for (const [key, record] of records) {
      expect(before.get(`killed/${key}`)?.sha256).toBe(record.sha256);
    }
    expect(before.size).toBeLessThan(20);

    proxyOptions.delayMs = 0;
    landed.length = 0;
    const report = await publish(library, target);
    expect(report).toMatchObject({ failed: 0, cancelled: false });
    expect(report.uploaded).toBe(20 - before.size + 1);
    // Nothing that had landed went up again, recorded or not.
    expect(landed.filter((key) => before.has(key.replace(`/${BUCKET}/`, '')))).toEqual([]);
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
