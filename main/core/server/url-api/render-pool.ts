/**
 * A bounded pool for renders with a bounded queue in front of it. Past the queue, a task is
 * refused at once rather than queued, so overload costs a 503 instead of memory.
 */
import { UrlApiError } from './url-api-error.js';

export interface RenderPoolOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting at most; more are refused. */
  maxQueue: number;
}

/**
 * @example
 * const pool = new RenderPool({ concurrency: 2, maxQueue: 32 });
 * const bytes = await pool.run(() => render(input, spec, limits));
 */
export class RenderPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly drained: (() => void)[] = [];

  constructor(private readonly options: RenderPoolOptions) {
    for (const [name, value, min] of [
      ['concurrency', options.concurrency, 1],
      ['maxQueue', options.maxQueue, 0],
    ] as const) {
      if (!Number.isInteger(value) || value < min) {
        throw new RangeError(`${name} must be a whole number of at least ${min}, not ${value}`);
      }
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` when a slot is free. Throws a 503 UrlApiError with Retry-After, without
   * running it, when every slot is busy and the queue is full.
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxQueue) {
        throw new UrlApiError(503, 'too many renders waiting; try again shortly', {
          'Retry-After': '1',
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so no newcomer can overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
      if (this.running === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  /**
   * Resolves once every task taken so far, running or queued, has finished: what a shutdown
   * waits for before it closes what the tasks write to.
   * @example await pool.drain(); library.close();
   */
  drain(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }
}
