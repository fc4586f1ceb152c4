/**
 * A real Varnish (varnishd from the Debian packages varnish and varnish-modules) on loopback,
 * running docs/varnish/thumbdesk.vcl as it is but for the backend's port, as a child process
 * the test stops. There is no stand-in: without varnishd the test fails and says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './fixtures.js';
import { until } from './poll.js';

export const VCL = path.join(PROJECT_ROOT, 'docs', 'varnish', 'thumbdesk.vcl');

export interface Varnish {
  port: number;
  /** varnishd's working directory (`-n`), for varnishstat and varnishlog. */
  workDir: string;
  /** What varnishd printed: its errors when it would not start. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * A TCP port free right now on 127.0.0.1, for a process that must be told its port before it
 * starts.
 * @example const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Throws, saying how to install it, when varnishd is not on the PATH.
 * @example beforeAll(assertVarnish);
 */
export function assertVarnish(): void {
  const found = spawnSync('varnishd', ['-V'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'varnishd is missing: apt-get install -y varnish varnish-modules (the edge tests need a real Varnish 7 with xkey)',
    );
  }
}

/**
 * Starts varnishd in the foreground on `port` in front of 127.0.0.1:`backendPort`, and resolves
 * once it answers.
 * @example const varnish = await startVarnish(await freePort(), serverPort);
 */
export async function startVarnish(port: number, backendPort: number): Promise<Varnish> {
  assertVarnish();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'thumbdesk-varnish-'));
  // Run as root, varnishd compiles the VCL as its own unprivileged user, which must read it.
  await chmod(dir, 0o755);
  const vcl = (await readFile(VCL, 'utf8')).replace('.port = "8420";', `.port = "${backendPort}";`);
  const vclFile = path.join(dir, 'thumbdesk.vcl');
  await writeFile(vclFile, vcl);
  const child: ChildProcess = spawn(
    'varnishd',
    ['-F', '-a', `127.0.0.1:${port}`, '-f', vclFile, '-n', path.join(dir, 'n'), '-s', 'malloc,64m'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await ended;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await until(
      'varnishd to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`varnishd exited:\n${output}`);
        // A PURGE without keys is refused by the VCL itself: Varnish is up and runs our file.
        const reply = await fetch(`http://127.0.0.1:${port}/`, { method: 'PURGE' }).catch(
          () => undefined,
        );
        return reply?.status === 400;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, workDir: path.join(dir, 'n'), output: () => output, stop };
}
