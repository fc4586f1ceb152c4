/**
 * Renders asked across a MessagePort: the service worker (a thread) sends each render to its
 * host, whose Renderer runs it in a process that can be killed. The host owns the processes
 * because only it can start the desktop app's kind (Electron's utilityProcess exists on the main
 * thread alone), and a thread's own renders could not be stopped at all.
 */
import type { MessagePort } from 'node:worker_threads';
import {
  asBuffer,
  errorOfReply,
  RenderBusyError,
  RenderStoppedError,
  replyOfError,
  type Renderer,
  type RenderJob,
  type RenderReply,
} from './render-process.js';
import type { Rendered } from './render.js';

/**
 * The host's side: answers every render asked on `port` with `renderer`.
 * @example serveRenders(channel.port1, new RenderProcesses(1));
 */
export function serveRenders(port: MessagePort, renderer: Renderer): void {
  port.on('message', (job: RenderJob) => {
    renderer
      .render({ bytes: job.bytes, format: job.format }, job.spec, job.options)
      .then(
        (out): RenderReply => ({ id: job.id, ok: true, ...out }),
        (error: unknown) => replyOfError(job.id, error),
      )
      .then((reply) => port.postMessage(reply));
  });
  // The port alone does not keep the host running.
  port.unref();
}

/**
 * The worker's side: a Renderer whose renders run on the host, with the host's time limit, and
 * a bound on how many wait.
 * @example const renderer = new PortRenderer(workerData.renders);
 */
export class PortRenderer implements Renderer {
  private readonly pending = new Map<number, (reply: RenderReply) => void>();
  private nextId = 1;

  /**
   * `maxPending` renders may be asked and unanswered at once; past it a render is refused at
   * once (RenderBusyError) rather than queued behind minutes of others.
   */
  constructor(
    private readonly port: MessagePort,
    private readonly maxPending = 8,
  ) {
    port.on('message', (reply: RenderReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      settle?.(reply);
    });
    port.unref();
  }

  render(...[input, spec, options]: Parameters<Renderer['render']>): Promise<Rendered> {
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(new RenderBusyError(this.pending.size));
    }
    const id = this.nextId++;
    return new Promise<Rendered>((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if ('started' in reply) return;
        if (reply.ok)
          resolve({ data: asBuffer(reply.data), width: reply.width, height: reply.height });
        else reject(errorOfReply(reply));
      });
      this.port.postMessage({ id, bytes: input.bytes, format: input.format, spec, options });
    });
  }

  /** Renders still asked fail; the host stops its processes itself (they are its own). */
  close(): void {
    const stopping = new RenderStoppedError('the service is stopping');
    for (const [id, settle] of this.pending) settle(replyOfError(id, stopping));
    this.pending.clear();
    this.port.close();
  }
}
