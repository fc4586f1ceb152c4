/**
 * Preview renders in the desktop app: Electron's utilityProcess, because the packaged app's
 * RunAsNode fuse is off and Node's `fork` could not start Node from the Electron binary. The
 * service worker (a thread, where `electron` is not available) sends each render to this thread
 * (render-port.ts), whose RenderProcesses start these processes and kill one past its time.
 */
import type { UtilityProcess } from 'electron';
import type { RenderChild, RenderJob, RenderReply } from '../core/imaging/render-process.js';

/** Electron's `utilityProcess.fork`, or a stand-in of it under tests (no Electron runs there). */
export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: ['ignore', 'ignore', 'inherit'] },
) => Pick<UtilityProcess, 'postMessage' | 'kill' | 'pid' | 'on'>;

/**
 * A render process started by `fork` from `entry` (the bundled render-child), driven as
 * RenderProcesses drives a forked Node one.
 * @example
 * const renders = new RenderProcesses(1, () => utilityRenderChild(utilityProcess.fork, entry));
 */
export function utilityRenderChild(fork: UtilityFork, entry: string): RenderChild {
  const child = fork(entry, [], {
    serviceName: 'Thumbdesk render',
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let gone = false;
  child.on('exit', () => {
    gone = true;
  });
  return {
    send: (job: RenderJob, failed) => {
      try {
        child.postMessage(job);
      } catch (error) {
        failed(error as Error);
      }
    },
    kill: () => {
      if (gone) return;
      gone = true;
      // UtilityProcess.kill() sends SIGTERM, which a process stuck in an encode may not heed
      // soon: SIGKILL by its id, as a forked render process gets.
      if (child.pid === undefined) child.kill();
      else process.kill(child.pid, 'SIGKILL');
    },
    get pid() {
      return child.pid;
    },
    get gone() {
      return gone;
    },
    // A utility process never keeps the app running: Electron ends it with the app.
    hold: () => undefined,
    onMessage: (listener) => void child.on('message', (reply: RenderReply) => listener(reply)),
    onExit: (listener) => void child.on('exit', (code: number) => listener(String(code))),
  };
}
