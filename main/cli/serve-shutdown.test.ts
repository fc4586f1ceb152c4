import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { copyFixtures, makeTempDir } from '../core/test-support/fixtures.js';
import { until } from '../core/test-support/poll.js';
import { assertBuilt, startServer, type Server } from '../core/test-support/serve.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let libraryDir: string;
let server: Server | undefined;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('thumbdesk-serve-stop-');
  const photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [['photo-2725x2225.jpg', 'big.jpg']]);
  libraryDir = path.join(tmp.dir, 'library');
  const library = Library.open(libraryDir);
  try {
    await library.addSource(photos);
  } finally {
    library.close();
  }
});

afterAll(async () => {
  await server?.stop();
  await tmp?.cleanup();
});

/** The PIDs of `pid`'s children, from every thread's list in /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number),
  );
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function activeRenders(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^thumbdesk_url_renders_active (\d+)/m.exec(text)?.[1] ?? 0);
}

it.runIf(process.platform === 'linux')(
  'SIGTERM stops serve within seconds while an AVIF render would run for a minute, and leaves the catalog whole',
  async () => {
    // A render limit far past the test: only the shutdown can stop this render in time.
    server = await startServer(libraryDir, ['--render-timeout', '600']);
    const port = Number(new URL(server.url).port);
    const answered = new Promise<string>((resolve) => {
      http
        .get(
          {
            host: '127.0.0.1',
            port,
            path: '/insecure/w:2048/el:1/q:100/plain/local:///photos/big.jpg@avif',
          },
          (res) => resolve(String(res.statusCode)),
        )
        .on('error', (error) => resolve(error.message));
    });
    await until('the AVIF render under way', async () => (await activeRenders(port)) === 1);
    const renderProcesses = childrenOf(server.pid);
    expect(renderProcesses.length).toBeGreaterThan(0);

    const stopping = Date.now();
    const ended = await server.stop();
    // Not the SIGKILL the helper sends after 5 s: serve ended by itself, at once.
    expect(ended).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5000);
    await answered;
    await until('no render process left', () => !renderProcesses.some(isRunning), {
      timeoutMs: 3000,
    });

    const library = Library.open(libraryDir);
    try {
      expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(library.db.prepare('SELECT count(*) AS n FROM url_renders').get()).toEqual({ n: 0 });
    } finally {
      library.close();
    }
  },
  60_000,
);
