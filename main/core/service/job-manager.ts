/**
 * Background work for the hosts: jobs run one at a time in the order they were asked for, each
 * cancellable, each reporting progress as the contract's JobView. One at a time because every job
 * writes the one catalog; a queue also keeps a second "Generate" click from doubling the work.
 */
import type { JobView, ProgressView } from '../../../shared/contract/models.js';
import { ServiceError } from './service-error.js';

export type JobKind = JobView['kind'];

export interface JobContext {
  signal: AbortSignal;
  /**
   * Reports progress, and the step the job is in when it has several; the manager passes at
   * most a few per second on, and a change of step at once.
   */
  progress(progress: ProgressView, phase?: string): void;
}

/** A job's work; resolves with a one-line summary of what it did. */
export type JobWork = (context: JobContext) => Promise<string>;

/** Progress before any is reported: a job's first view, or a new phase's. */
export const NO_PROGRESS: ProgressView = {
  done: 0,
  failed: 0,
  total: 0,
  bytes: 0,
  rate: 0,
  etaSeconds: null,
  elapsedMs: 0,
};

/** Finished jobs kept for the Jobs screen. */
const KEEP_FINISHED = 20;

/**
 * Jobs that may wait at once: far more than a person queues, few enough that a client repeating
 * a request in a loop cannot grow the queue (and the events each job sends) without end.
 */
export const MAX_QUEUED = 100;

interface Entry {
  view: JobView;
  work: JobWork;
  controller: AbortController;
  lastEmit: number;
  /** Called once the job is over, with its last view. */
  onFinish?: (job: JobView) => void;
}

/**
 * @example
 * const jobs = new JobManager((job) => events.emit('jobProgress', job));
 * const job = jobs.enqueue('scan', 'Scan photos', async ({ signal }) => '12 added');
 * jobs.cancel(job.id);
 */
export class JobManager {
  private readonly entries: Entry[] = [];
  private nextId = 1;
  private running: Promise<void> | undefined;

  constructor(
    private readonly emit: (job: JobView) => void,
    private readonly minIntervalMs = 200,
    private readonly now: () => number = Date.now,
    /** A failed job's error as clients read it (the service takes machine paths out). */
    private readonly describe: (error: unknown) => string = (error) => (error as Error).message,
  ) {}

  /**
   * Queues a job; `onFinish` hears its last view, whether it ran, failed or was cancelled.
   * Throws a `refused` ThumbdeskError when MAX_QUEUED jobs wait already.
   */
  enqueue(kind: JobKind, label: string, work: JobWork, onFinish?: (job: JobView) => void): JobView {
    const queued = this.entries.filter((e) => e.view.state === 'queued').length;
    if (queued >= MAX_QUEUED) {
      throw new ServiceError(
        'refused',
        `${queued} jobs are waiting already; wait for them to run, or cancel some`,
      );
    }
    const view: JobView = {
      id: this.nextId++,
      kind,
      label,
      state: 'queued',
      progress: NO_PROGRESS,
      startedAt: null,
      finishedAt: null,
      error: null,
      summary: null,
      phase: null,
    };
    this.entries.push({ view, work, controller: new AbortController(), lastEmit: 0, onFinish });
    this.emit({ ...view });
    this.running ??= this.drain();
    return { ...view };
  }

  /** Cancels a queued or running job; false when it is unknown or already over. */
  cancel(id: number): boolean {
    const entry = this.entries.find((e) => e.view.id === id);
    if (!entry || (entry.view.state !== 'queued' && entry.view.state !== 'running')) return false;
    entry.controller.abort();
    if (entry.view.state === 'queued') this.finish(entry, 'cancelled', null, 'Cancelled');
    return true;
  }

  /** Running and queued first, then the most recent finished ones. */
  list(): JobView[] {
    const active = this.entries.filter((e) => !e.view.finishedAt);
    const finished = this.entries.filter((e) => e.view.finishedAt).reverse();
    return [...active, ...finished].map((e) => ({ ...e.view }));
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Cancels everything and waits for the running job to stop. */
  async shutdown(): Promise<void> {
    for (const entry of this.entries) this.cancel(entry.view.id);
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const entry = this.entries.find((e) => e.view.state === 'queued');
      if (!entry) break;
      await this.run(entry);
    }
    this.running = undefined;
  }

  private async run(entry: Entry): Promise<void> {
    entry.view.state = 'running';
    entry.view.startedAt = this.now();
    this.emit({ ...entry.view });
    const { signal } = entry.controller;
    try {
      const summary = await entry.work({
        signal,
        progress: (progress, phase) => {
          entry.view.progress = progress;
          const newPhase = phase !== undefined && phase !== entry.view.phase;
          if (phase !== undefined) entry.view.phase = phase;
          if (!newPhase && this.now() - entry.lastEmit < this.minIntervalMs) return;
          entry.lastEmit = this.now();
          this.emit({ ...entry.view });
        },
      });
      this.finish(entry, signal.aborted ? 'cancelled' : 'done', null, summary);
    } catch (error) {
      if (signal.aborted) this.finish(entry, 'cancelled', null, 'Cancelled');
      else this.finish(entry, 'failed', this.describe(error), null);
    }
  }

  private finish(
    entry: Entry,
    state: JobView['state'],
    error: string | null,
    summary: string | null,
  ): void {
    Object.assign(entry.view, { state, error, summary, finishedAt: this.now() });
    this.emit({ ...entry.view });
    entry.onFinish?.({ ...entry.view });
    const finished = this.entries.filter((e) => e.view.finishedAt);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.entries.splice(this.entries.indexOf(old), 1);
    }
  }
}
