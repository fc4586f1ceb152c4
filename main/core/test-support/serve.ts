/**
 * A real `thumbdesk serve` child process on a library folder, as a user would start it. Its
 * first stdout line is the URL with the admin token; everything after is left to drain.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CLI_INPUTS, ensureBuiltAt } from './cli.js';
import { PROJECT_ROOT } from './fixtures.js';

const BIN = path.join(PROJECT_ROOT, 'bin/thumbdesk.js');

export interface Server {
  /** The printed URL, token fragment included: what a person would open. */
  url: string;
  pid: number;
  /** Whether the process has ended (crashed or stopped). */
  exited: () => boolean;
  /** What it wrote to stderr so far: the log of the errors it met. */
  stderr: () => string;
  /** Sends SIGTERM (SIGKILL 5 s later) and resolves with how it ended. */
  stop: () => Promise<Ended>;
}

/** How the process ended: its exit code, or the signal that ended it. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Fails with the next step to take when the CLI or the renderer it serves was not built from the
 * sources as they are now.
 * @example beforeAll(assertBuilt);
 */
export function assertBuilt(): void {
  ensureBuiltAt(PROJECT_ROOT, [
    ...CLI_INPUTS,
    'renderer/',
    'vite.config.ts',
    'tsconfig.renderer.json',
  ]);
}

function stopChild(child: ChildProcess): Promise<Ended> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `thumbdesk --library <library> serve --port 0 [...args]` and resolves once it printed
 * its URL.
 * @example const server = await startServer(libraryDir); await page.goto(server.url);
 */
export function startServer(library: string, args: readonly string[] = []): Promise<Server> {
  const child = spawn(
    process.execPath,
    [BIN, '--library', library, 'serve', '--port', '0', ...args],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      void stopChild(child);
      reject(new Error(`thumbdesk serve ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('printed no URL within 20 s'), 20_000);
    const early = (code: number | null) => fail(`exited with ${code} before printing its URL`);
    child.once('exit', early);
    // readline goes on reading after the first line, so a chatty server never fills the pipe.
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        url: new URL(line.trim()).href,
        pid: child.pid!,
        exited: () => child.exitCode !== null || child.signalCode !== null,
        stderr: () => stderr,
        stop: () => stopChild(child),
      });
    });
  });
}
