import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderProcesses, RenderTimeoutError } from '../core/imaging/render-process.js';
import { isProcessAlive } from '../core/jobs/process-alive.js';
import { until } from '../core/test-support/poll.js';
import { TEST_PIXEL_LIMIT } from '../core/test-support/render.js';
import { noisePng as noise, specOf } from '../core/test-support/slow-render.js';
import { utilityRenderChild, type UtilityFork } from './utility-render.js';

const PIXEL_LIMIT = TEST_PIXEL_LIMIT;
const RENDER_CHILD = fileURLToPath(new URL('../core/imaging/render-child.ts', import.meta.url));

/**
 * What a utility process gives its module, in a plain Node child: Electron's `process.parentPort`
 * (messages arrive as `{ data }`), over Node's IPC channel.
 */
const PARENT_PORT = `data:text/javascript,${encodeURIComponent(`
  process.parentPort = {
    on: (event, listener) => process.on(event, (data) => listener({ data })),
    postMessage: (message) => process.send(message),
  };
  process.on('disconnect', () => process.exit(0));
`)}`;

/**
 * A STAND-IN for Electron's utilityProcess.fork (no Electron binary runs here): a Node child
 * running the module with a parentPort, behind UtilityProcess's surface (postMessage, kill, pid,
 * 'message' and 'exit' with a code).
 */
const standInFork: UtilityFork = (modulePath) => {
  const child = fork(modulePath, [], {
    serialization: 'advanced',
    execArgv: ['--import', 'tsx', '--import', PARENT_PORT],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const events = new EventEmitter();
  child.on('message', (message) => events.emit('message', message));
  child.on('exit', (code, signal) => events.emit('exit', code ?? (signal === 'SIGKILL' ? 137 : 1)));
  const utility = {
    postMessage: (message: unknown) => void child.send(message as object),
    kill: () => child.kill('SIGTERM'),
    pid: child.pid,
    on: (event: string, listener: (...args: unknown[]) => void) => {
      events.on(event, listener);
      return utility;
    },
  };
  return utility as unknown as ReturnType<UtilityFork>;
};

let renders: RenderProcesses | undefined;
afterEach(() => renders?.close());

describe('utilityRenderChild (driven through a stand-in of utilityProcess.fork)', () => {
  it('renders in the process over parentPort, and kills one past its time with SIGKILL', async () => {
    const pids: number[] = [];
    renders = new RenderProcesses(1, () => {
      const child = utilityRenderChild(standInFork, RENDER_CHILD);
      pids.push(child.pid!);
      return child;
    });
    const bytes = await noise(512);
    const small = await renders.render({ bytes, format: 'png' }, await specOf(bytes, 16, 'webp'), {
      pixelLimit: PIXEL_LIMIT,
    });
    expect(small).toMatchObject({ width: 16, height: 16 });
    const spec = await specOf(bytes, 2048, 'avif', 100);
    const started = Date.now();
    const slow = renders.render({ bytes, format: 'png' }, spec, {
      pixelLimit: PIXEL_LIMIT,
      timeoutSeconds: 2,
    });
    await expect(slow).rejects.toBeInstanceOf(RenderTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
    await until('the killed process to be gone', () => !isProcessAlive(pids[0]!));
    expect(renders.processes).toBe(0);
  }, 30_000);
});
