/**
 * Progress of a job: counts, bytes, rate and time left, as every host shows it.
 */

export interface ProgressSnapshot {
  done: number;
  failed: number;
  total: number;
  bytes: number;
  /** Items per second since the start. */
  rate: number;
  /** Seconds left at the current rate; null until there is a rate. */
  etaSeconds: number | null;
  elapsedMs: number;
}

/**
 * @example
 * const progress = new Progress(10);
 * progress.advance({ bytes: 2048 });
 * progress.snapshot().done === 1
 */
export class Progress {
  private done = 0;
  private failed = 0;
  private bytes = 0;
  private readonly startedAt: number;

  constructor(
    private total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  advance(result: { bytes?: number; failed?: boolean }): void {
    this.done += 1;
    if (result.failed) this.failed += 1;
    this.bytes += result.bytes ?? 0;
  }

  /** Takes items that turned out to need no work (replanned, removed meanwhile) off the total. */
  drop(count = 1): void {
    this.total = Math.max(this.done, this.total - count);
  }

  snapshot(): ProgressSnapshot {
    const elapsedMs = Math.max(1, this.now() - this.startedAt);
    const rate = (this.done * 1000) / elapsedMs;
    return {
      done: this.done,
      failed: this.failed,
      total: this.total,
      bytes: this.bytes,
      rate,
      etaSeconds: this.done > 0 ? (this.total - this.done) / rate : null,
      elapsedMs,
    };
  }
}
