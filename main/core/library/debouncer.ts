/**
 * Coalesces a burst of triggers (an editor's save, a folder copied in) into one run of a task.
 */

export interface DebounceOptions {
  /** Quiet time, in ms, that ends a burst. */
  waitMs: number;
  /** The longest a burst may put the task off, in ms, so that a steady stream of changes is
   * still handled. Default: no limit. */
  maxWaitMs?: number;
}

/**
 * Runs `task` once triggers have been quiet for `waitMs`, and at the latest `maxWaitMs` after
 * the first trigger of the burst.
 * @example
 * const rebuild = new Debouncer(() => void run(), { waitMs: 500, maxWaitMs: 5000 });
 * for (const change of burst) rebuild.trigger(); // run() is called once
 */
export class Debouncer {
  private timer: NodeJS.Timeout | undefined;
  private burstStart: number | undefined;

  constructor(
    private readonly task: () => void,
    private readonly options: DebounceOptions,
  ) {}

  trigger(): void {
    const now = Date.now();
    this.burstStart ??= now;
    const deadline = this.burstStart + (this.options.maxWaitMs ?? Infinity);
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.cancel();
        this.task();
      },
      Math.max(0, Math.min(this.options.waitMs, deadline - now)),
    );
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.burstStart = undefined;
  }
}
