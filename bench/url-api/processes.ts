/**
 * The processes a URL API benchmark runs beside itself: the real `thumbdesk serve` under test,
 * and waiting for a port to answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { CLI, CLI_INPUTS, ensureBuiltAt } from '../../main/core/test-support/cli.js';
import { PROJECT_ROOT } from '../../main/core/test-support/fixtures.js';
import { BUILD_LOCK } from '../lib/cli.js';

/**
 * Makes sure dist/ holds the CLI built from the sources as they are: builds it under the shared
 * lock when bin/build-stamp.js says it is stale, so the server measured is the one users run
 * (`node bin/thumbdesk.js`), never tsx's on-the-fly compile, which costs a third more CPU per
 * cached answer.
 * @example ensureCliBuilt();
 */
export function ensureCliBuilt(): void {
  try {
    ensureBuiltAt(PROJECT_ROOT, CLI_INPUTS);
    return;
  } catch {
    // Stale or never built: build below, then check again.
  }
  const build = spawnSync('flock', [BUILD_LOCK, 'npm', 'run', 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  ensureBuiltAt(PROJECT_ROOT, CLI_INPUTS);
}

/** Resolves once something accepts connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ServerProcess {
  port: number;
  pid: number;
  /** The kernel's high-water mark of the server's resident memory, in bytes. */
  peakRss: () => number;
  stop: () => Promise<void>;
}

/**
 * Starts `thumbdesk serve` on `library` in its own process, as users run it: the built CLI
 * (`node bin/thumbdesk.js`, dist/ rebuilt first if stale), with the URL API checking signatures made with the hex `key` and `salt`. `renderer` is any
 * folder with an index.html: the UI is not what is measured. `extraArgs` go to serve as they are
 * (the edge benchmark's `--watch --purge varnish:…`).
 * @example const server = await startServer(libraryDir, rendererDir, 64, { key, salt });
 */
export function startServer(
  library: string,
  renderer: string,
  maxQueue: number,
  signing: { key: string; salt: string },
  extraArgs: readonly string[] = [],
): Promise<ServerProcess> {
  ensureCliBuilt();
  return new Promise((resolve, reject) => {
    const args = [
      ...[CLI, '--library', library, 'serve', '--port', '0'],
      ...['--renderer', renderer, '--max-queue', String(maxQueue)],
      ...['--key', signing.key, '--salt', signing.salt],
      ...extraArgs,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    // The first line is the UI's URL with its admin token: only its port matters here.
    child.stdout.setEncoding('utf8').once('data', (line: string) => {
      resolve({
        port: Number(new URL(line.trim()).port),
        pid: child.pid!,
        peakRss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
        },
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
