/**
 * Renders in child processes that can be killed. libvips' own kill switch (sharp's `timeout`)
 * is checked only while pixels are computed: an AVIF or HEIF encode runs inside libheif after
 * that, and at 8192² ran for minutes at 2 GB past a 30 s limit. A render in a thread cannot be
 * stopped either (libuv's threads are the whole process's), so each render runs in a process of
 * its own, and one over its time is killed with SIGKILL: its CPU and memory come back at once.
 */
import { fork } from 'node:child_process';
import { ImageError, RenderFailure } from './image-error.js';
import type { Rendered, RenderOptions } from './render.js';
import type { RenderSpec } from './render-spec.js';
import type { SniffedFormat } from './sniff.js';

/** What the parent sends: one render. */
export interface RenderJob {
  id: number;
  bytes: Uint8Array;
  format: SniffedFormat;
  spec: RenderSpec;
  options: RenderOptions;
}

/** A failed render in words that cross a channel: `errorOfReply` makes the error again. */
export interface RenderFailed {
  id: number;
  ok: false;
  /** The error's code (a CodedError's, `render-timeout`, `render-stopped`), if it had one. */
  code: string | undefined;
  message: string;
  cause?: string;
  /** A RenderTimeoutError's limit. */
  seconds?: number;
}

/** What a render process answers: that it started a render (its clock starts), then how it ended. */
export type RenderReply =
  { id: number; started: true } | ({ id: number; ok: true } & Rendered) | RenderFailed;

/**
 * Renders somewhere a stuck encode can be stopped: RenderProcesses, or a host's through a port
 * (render-port.ts). `close` stops what runs.
 */
export interface Renderer {
  render(
    input: { bytes: Uint8Array; format: SniffedFormat },
    spec: RenderSpec,
    options: RenderOptions,
  ): Promise<Rendered>;
  close(): void;
}

/**
 * A render process as the pool drives it, whatever started it: Node's `fork` (forkRenderChild)
 * or, in the desktop app, Electron's utilityProcess (main/app/utility-render.ts).
 */
export interface RenderChild {
  /** Sends one job; `failed` hears of a job that could not be sent. */
  send(job: RenderJob, failed: (error: Error) => void): void;
  /** Stops the process at once (SIGKILL): a stuck encode gets no say. */
  kill(): void;
  /** The process's id, once it runs. */
  readonly pid: number | undefined;
  /** True once the process exited or was killed. */
  readonly gone: boolean;
  /** Whether the process keeps its host alive: only while it renders. */
  hold(busy: boolean): void;
  onMessage(listener: (reply: RenderReply) => void): void;
  /** Hears that the process ended or could not run, with why (`SIGKILL`, an exit code). */
  onExit(listener: (why: string) => void): void;
}

/**
 * A Buffer over the same memory: what arrives through the channel is a plain Uint8Array.
 * @example const bytes = asBuffer(job.bytes);
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A render that took longer than its limit and was killed. */
export class RenderTimeoutError extends Error {
  readonly code = 'render-timeout';
  constructor(readonly seconds: number) {
    super(`rendering took longer than ${seconds} s`);
    this.name = 'RenderTimeoutError';
  }
}

/** A render refused because `waiting` renders wait already: the caller tries again later. */
export class RenderBusyError extends Error {
  readonly code = 'render-busy';
  constructor(readonly waiting: number) {
    super(`${waiting} renders are waiting already`);
    this.name = 'RenderBusyError';
  }
}

/** A render that could not finish because its process stopped: killed, or crashed. */
export class RenderStoppedError extends Error {
  readonly code = 'render-stopped';
  constructor(reason: string) {
    super(`the render stopped: ${reason}`);
    this.name = 'RenderStoppedError';
  }
}

/**
 * A failed render as a reply, for the channel back to the parent (or a worker thread).
 * @example port.postMessage(replyOfError(job.id, error));
 */
export function replyOfError(id: number, error: unknown): RenderFailed {
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    id,
    ok: false,
    code: typeof code === 'string' ? code : undefined,
    message: error instanceof Error ? error.message : String(error),
    cause: error instanceof Error && error.cause ? String(error.cause) : undefined,
    seconds: error instanceof RenderTimeoutError ? error.seconds : undefined,
  };
}

/**
 * The error a failed reply stands for, of the class the sender threw: decoding failures are
 * ImageErrors, other failures of a render RenderFailures, timeouts and stops their own.
 * @example if (!reply.ok) reject(errorOfReply(reply));
 */
export function errorOfReply(reply: RenderFailed): Error {
  switch (reply.code) {
    case 'unprocessable':
      return new ImageError(reply.message, { cause: reply.cause });
    case 'internal':
      return new RenderFailure(reply.message, { cause: reply.cause });
    case 'render-timeout':
      return new RenderTimeoutError(reply.seconds ?? 0);
    case 'render-stopped':
      return new RenderStoppedError(reply.message.replace(/^the render stopped: /, ''));
    default:
      return new Error(reply.message);
  }
}

// libvips gets the limit first and stops cleanly where it can; the process dies this much later.
const KILL_GRACE_MS = 1000;

interface Running {
  id: number;
  resolve: (value: Rendered) => void;
  reject: (error: Error) => void;
  timeoutSeconds?: number;
  timer?: NodeJS.Timeout;
}

/** One child and the render it runs, if any. */
interface Slot {
  child: RenderChild;
  running?: Running;
}

/**
 * A render process started by Node's `fork`: the compiled render-child.js, or under tests the
 * TypeScript source via tsx.
 * @example const renders = new RenderProcesses(2, forkRenderChild);
 */
export function forkRenderChild(): RenderChild {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(typescript ? './render-child.ts' : './render-child.js', import.meta.url);
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: typescript ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return {
    send: (job, failed) => void child.send(job, (error) => error && failed(error)),
    kill: () => void child.kill('SIGKILL'),
    pid: child.pid,
    get gone() {
      return child.exitCode !== null || child.signalCode !== null || child.killed;
    },
    hold: (busy) => (busy ? child.channel?.ref() : child.channel?.unref()),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => {
      child.on('exit', (code, signal) => listener(String(signal ?? code)));
      // A process that could not start or be signalled counts as ended.
      child.on('error', (error) => {
        child.kill('SIGKILL');
        listener(error.message);
      });
    },
  };
}

/**
 * At most `size` render processes, started when first needed and kept for the next render;
 * renders past that wait their turn.
 * @example
 * const renders = new RenderProcesses(2);
 * const out = await renders.render(input, spec, { pixelLimit, timeoutSeconds: 30 });
 * renders.close();
 */
export class RenderProcesses implements Renderer {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly waiting: { resolve: (slot: Slot) => void; reject: (error: Error) => void }[] =
    [];
  private nextId = 1;
  private closed = false;

  /** `spawn` starts one render process: Node's fork unless the host has its own kind. */
  constructor(
    private readonly size: number,
    private readonly spawn: () => RenderChild = forkRenderChild,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be at least 1`);
  }

  /** Render processes alive now, idle or busy. */
  get processes(): number {
    return this.idle.length + this.busy.size;
  }

  /**
   * Renders as `render` does, in a child process. With `timeoutSeconds` (0: none) a render over
   * it is killed and rejects with RenderTimeoutError; failures to decode reject with ImageError, other failures
   * of the render with RenderFailure.
   */
  async render(
    input: { bytes: Uint8Array; format: SniffedFormat },
    spec: RenderSpec,
    options: RenderOptions,
  ): Promise<Rendered> {
    const slot = await this.take();
    const id = this.nextId++;
    try {
      return await new Promise<Rendered>((resolve, reject) => {
        const running: Running = { id, resolve, reject, timeoutSeconds: options.timeoutSeconds };
        slot.running = running;
        const job: RenderJob = { id, bytes: input.bytes, format: input.format, spec, options };
        slot.child.send(job, (error) => this.kill(slot, new RenderStoppedError(error.message)));
      });
    } finally {
      this.give(slot);
    }
  }

  /** Kills every render process; renders under way reject with RenderStoppedError. */
  close(): void {
    this.closed = true;
    const stopping = new RenderStoppedError('the server is stopping');
    for (const slot of [...this.busy, ...this.idle]) this.kill(slot, stopping);
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.reject(stopping);
  }

  private async take(): Promise<Slot> {
    if (this.closed) throw new RenderStoppedError('the server is stopping');
    let slot = this.idle.pop();
    if (!slot && this.processes < this.size) slot = this.start();
    slot ??= await new Promise<Slot>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.busy.add(slot);
    slot.child.hold(true);
    return slot;
  }

  private give(slot: Slot): void {
    this.busy.delete(slot);
    slot.running = undefined;
    if (slot.child.gone) {
      // A dead process makes room for a new one, started for whoever waits.
      if (this.waiting.length > 0 && !this.closed) this.waiting.shift()!.resolve(this.start());
      return;
    }
    const next = this.waiting.shift();
    if (next) return next.resolve(slot);
    // An idle process does not keep the host alive.
    slot.child.hold(false);
    this.idle.push(slot);
  }

  private start(): Slot {
    const slot: Slot = { child: this.spawn() };
    slot.child.onMessage((reply) => {
      const running = slot.running;
      if (!running || running.id !== reply.id) return;
      if ('started' in reply) return this.startClock(slot, running);
      clearTimeout(running.timer);
      if (reply.ok) {
        running.resolve({ data: asBuffer(reply.data), width: reply.width, height: reply.height });
      } else {
        running.reject(errorOfReply(reply));
      }
    });
    slot.child.onExit((why) => {
      const index = this.idle.indexOf(slot);
      if (index >= 0) this.idle.splice(index, 1);
      this.fail(slot, new RenderStoppedError(`its process exited (${why})`));
    });
    return slot;
  }

  /**
   * Times the render from when its process took it: a process starting up (a second or more on
   * a loaded machine) is not the render's doing.
   */
  private startClock(slot: Slot, running: Running): void {
    const seconds = running.timeoutSeconds ?? 0;
    if (seconds <= 0) return;
    running.timer = setTimeout(
      () => this.kill(slot, new RenderTimeoutError(seconds)),
      seconds * 1000 + KILL_GRACE_MS,
    );
  }

  private kill(slot: Slot, error: Error): void {
    slot.child.kill();
    this.fail(slot, error);
  }

  private fail(slot: Slot, error: Error): void {
    const running = slot.running;
    if (!running) return;
    clearTimeout(running.timer);
    slot.running = undefined;
    running.reject(error);
  }
}
