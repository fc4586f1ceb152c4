/**
 * A queue that runs async tasks with bounded concurrency, retries transient failures, and can
 * be paused, resumed and cancelled. Modelled on Signal Desktop's job queues.
 */
import { setMaxListeners } from 'node:events';

export interface JobQueueOptions<T> {
  /** Tasks running at once. */
  concurrency: number;
  /** Tries per task, the first included; only errors `isRetryable` accepts are tried again. */
  maxAttempts?: number;
  isRetryable?: (error: unknown) => boolean;
  /** Delay before try n (1-based) of a task. */
  backoffMs?: (attempt: number) => number;
  /** Runs one task. `signal` aborts when the queue is cancelled. */
  handler: (item: T, signal: AbortSignal) => Promise<void>;
  /** Called once per task that failed for good; the queue goes on with the rest. */
  onFailure?: (item: T, error: unknown) => void;
}

export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelledError';
  }
}

/**
 * @example
 * const queue = new JobQueue({ concurrency: 2, handler: async (n) => work(n) });
 * queue.add([1, 2, 3]);
 * await queue.drain();
 */
export class JobQueue<T> {
  private readonly pending: T[] = [];
  private running = 0;
  private paused = false;
  private readonly controller = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private resumeWaiters: (() => void)[] = [];

  constructor(private readonly options: JobQueueOptions<T>) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(
        `concurrency must be a whole number of at least 1, not ${options.concurrency}`,
      );
    }
    // Every running task may listen on the shared signal (an HTTP client does, per request):
    // that is one listener per task, not a leak.
    setMaxListeners(options.concurrency + 10, this.controller.signal);
  }

  get size(): number {
    return this.pending.length;
  }

  get active(): number {
    return this.running;
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  add(items: Iterable<T>): void {
    if (this.cancelled) return;
    this.pending.push(...items);
    this.pump();
  }

  /** Stops starting new tasks; running ones finish. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
    this.pump();
  }

  /** Drops every task not yet started and aborts the running ones through their signal. */
  cancel(): void {
    this.pending.length = 0;
    this.controller.abort(new JobCancelledError());
    this.resume();
    this.settleIfIdle();
  }

  /** Resolves once nothing is pending or running. */
  drain(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Adds `items` and drains, cancelling when `signal` aborts: at once when it already has (an
   * aborted signal fires no event for a late listener). Resolves to whether it was cancelled.
   * @example if (await queue.run(files, options.signal)) report.cancelled = true;
   */
  async run(items: Iterable<T>, signal?: AbortSignal): Promise<boolean> {
    const onAbort = () => this.cancel();
    if (signal?.aborted) this.cancel();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.add(items);
      await this.drain();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return this.cancelled;
  }

  private pump(): void {
    while (!this.paused && this.running < this.options.concurrency && this.pending.length > 0) {
      const item = this.pending.shift() as T;
      this.running += 1;
      void this.runOne(item).finally(() => {
        this.running -= 1;
        this.pump();
        this.settleIfIdle();
      });
    }
  }

  private settleIfIdle(): void {
    if (this.running === 0 && (this.pending.length === 0 || this.cancelled)) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async runOne(item: T): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 1;
    for (let attempt = 1; ; attempt += 1) {
      if (this.cancelled) return;
      try {
        await this.options.handler(item, this.controller.signal);
        return;
      } catch (error) {
        if (this.cancelled) return;
        const retry = attempt < maxAttempts && (this.options.isRetryable?.(error) ?? false);
        if (!retry) {
          this.options.onFailure?.(item, error);
          return;
        }
        await this.sleep(this.options.backoffMs?.(attempt + 1) ?? 0);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const signal = this.controller.signal;
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
