/**
 * The processes a URL API benchmark runs beside itself: the real `thumbdesk serve` under test,
 * and waiting for a port to answer.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { CLI } from '../../main/core/test-support/cli.js';
import { ensureCliBuilt } from '../lib/cli.js';

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
