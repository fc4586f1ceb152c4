/**
 * Runs a publish: build what is not fresh (when asked), plan, check the remote where the records
 * may be wrong, upload with bounded concurrency and retries, put the manifest up last, then
 * delete what no longer belongs. A publication is recorded only once the store confirmed it, so
 * a killed publish leaves records that are all true and the next run finishes the job.
 */
import type { Db } from '../catalog/database.js';
import { finishJob, startJob, updateJob } from '../catalog/jobs.js';
import { forgetPublication, recordPublication } from '../catalog/publications.js';
import {
  insertPublishRun,
  recentPublishRuns,
  updatePublishRun,
  type PublishCounts,
  type PublishRunRow,
} from '../catalog/publish-runs.js';
import { JobQueue } from '../jobs/job-queue.js';
import { isProcessAlive } from '../jobs/process-alive.js';
import { Progress, type ProgressSnapshot } from '../jobs/progress.js';
import { contentHash } from '../library/hash-file.js';
import type { Library } from '../library/library.js';
import { MANIFEST_KEY, manifestText } from './manifest.js';
import { openStore, type StoreOptions } from './open-store.js';
import { planPublish, type PlannedObject, type PlanProblem, type PublishPlan } from './plan.js';
import { backoffMs, isRetryable, MAX_ATTEMPTS } from './retry.js';
import type { ObjectStore, PutRequest, RemoteObject } from './stores/object-store.js';
import { describeTarget, TargetError, type Target } from './target.js';
import { MANIFEST_CACHE_CONTROL } from './template.js';

export interface PublishOptions extends StoreOptions {
  /** Plan only: counts, bytes and keys; nothing is sent or recorded. */
  dryRun?: boolean;
  /** Remove recorded objects that no longer belong. */
  delete?: boolean;
  /** HEAD every object the records call unchanged, and repair what differs. */
  verify?: boolean;
  /** Build missing and stale derivatives first. */
  build?: boolean;
  /** Requests at once. Default 8. */
  concurrency?: number;
  signal?: AbortSignal;
  /** `phase` is 'check' while objects are HEADed, 'send' while they go up or are deleted. */
  onProgress?: (progress: ProgressSnapshot, phase: 'check' | 'send') => void;
  /** A store to use instead of the target's own (tests, benchmarks). */
  store?: ObjectStore;
  /** The wait, in ms, before try `attempt` (2 for the first retry) of a request. Default:
   * `backoffMs`, exponential with jitter; tests that count tries pass a short one. */
  retryDelayMs?: (attempt: number) => number;
}

export interface DriftEntry {
  key: string;
  found: 'missing' | 'other bytes';
}

export interface PublishReport extends PublishCounts {
  target: string;
  dryRun: boolean;
  cancelled: boolean;
  /** The run's job id; null for a dry run, which records nothing. */
  jobId: number | null;
  elapsedMs: number;
  /** Objects found missing or changed behind our back (with `verify`). */
  drift: DriftEntry[];
  errors: PlanProblem[];
  /** The plan's keys: what goes (or went) up, what is (or was) deleted. */
  uploadKeys: string[];
  deleteKeys: string[];
  /** Keys no longer wanted that stay because `delete` was not given. */
  strayKeys: string[];
}

const DEFAULT_CONCURRENCY = 8;
const MAX_STORED_ERRORS = 100;
/** Library and location of the publishes running in this process: one at a time per place. */
const active = new Set<string>();

/** Runs `work` over `items` with retries; resolves to whether it was cancelled. */
async function runAll<T>(
  items: readonly T[],
  options: PublishOptions,
  work: (item: T, signal: AbortSignal) => Promise<void>,
  onFailure: (item: T, error: unknown) => void,
): Promise<boolean> {
  const queue = new JobQueue<T>({
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxAttempts: MAX_ATTEMPTS,
    isRetryable,
    backoffMs: options.retryDelayMs ?? ((attempt) => backoffMs(attempt)),
    handler: work,
    onFailure,
  });
  return queue.run(items, options.signal);
}

function byKey(a: { key: string }, b: { key: string }): number {
  // Stryker disable next-line EqualityOperator: keys are unique in each list sorted, never equal
  return a.key < b.key ? -1 : 1;
}

function sameObject(remote: RemoteObject | null, object: PutRequest): boolean {
  return remote !== null && remote.sha256 === object.sha256 && remote.bytes === object.bytes;
}

/** One publish of a plan: its counts, and the records it keeps true as it goes. */
class PublishRun {
  readonly counts: PublishCounts;
  readonly errors: PlanProblem[];
  readonly drift: DriftEntry[] = [];
  /** What is known to be at each key: the records, then every object confirmed since. */
  private readonly confirmed: Map<string, string>;
  private uploads: PlannedObject[] = [];
  private readonly repairs = new Set<string>();
  private manifestDrift = false;
  /** Whether the manifest goes (or went) up in this run. */
  private manifestUp = false;
  private jobId: number | null = null;
  private progress = new Progress(0);
  private lastSaved = 0;

  constructor(
    private readonly db: Db,
    private readonly target: Target,
    private readonly plan: PublishPlan,
    private readonly store: ObjectStore,
    private readonly options: PublishOptions,
    /** The latest earlier run to this place, as the publish found it. */
    private readonly last: PublishRunRow | undefined,
  ) {
    this.counts = {
      uploaded: 0,
      unchanged: 0,
      deleted: 0,
      failed: plan.problems.length,
      waiting: plan.waiting,
      repaired: 0,
      bytes: 0,
    };
    this.errors = [...plan.problems];
    this.confirmed = new Map([...plan.records].map(([key, r]) => [key, r.sha256]));
  }

  private fail(key: string, error: unknown): void {
    this.errors.push({ key, error: (error as Error).message });
    this.counts.failed += 1;
  }

  private confirm(object: PutRequest): void {
    this.confirmed.set(object.key, object.sha256);
    if (this.options.dryRun) return;
    recordPublication(this.db, {
      location: this.target.location,
      key: object.key,
      sha256: object.sha256,
      bytes: object.bytes,
      content_type: object.contentType,
    });
  }

  /**
   * Decides what goes up. A publish that was killed or cancelled may have landed objects it
   * never recorded: they are looked at before being sent again. With `verify`, so is
   * everything the records call unchanged.
   */
  async check(): Promise<boolean> {
    // 'running' here is a run whose process died while this library was open.
    const unsure =
      this.last !== undefined && ['interrupted', 'cancelled', 'running'].includes(this.last.state);
    const verify = this.options.verify ?? false;
    const toCheck = [
      ...(unsure || verify ? this.plan.uploads : []),
      ...(verify ? this.plan.unchanged : []),
    ];
    if (!unsure && !verify) this.uploads.push(...this.plan.uploads);
    this.counts.unchanged = verify ? 0 : this.plan.unchanged.length;
    const recorded = new Set(this.plan.unchanged.map((o) => o.key));
    const manifestSha = this.confirmed.get(MANIFEST_KEY);
    const checkManifest = verify && manifestSha !== undefined;
    const progress = new Progress(toCheck.length + (checkManifest ? 1 : 0));
    const checked = () => {
      progress.advance({});
      this.options.onProgress?.(progress.snapshot(), 'check');
    };
    const cancelled = await runAll(
      toCheck,
      this.options,
      async (object, signal) => {
        const remote = await this.store.head(object.key, signal);
        if (sameObject(remote, object)) {
          if (!recorded.has(object.key)) this.confirm(object);
          this.counts.unchanged += 1;
        } else {
          if (recorded.has(object.key)) {
            this.drift.push({ key: object.key, found: remote ? 'other bytes' : 'missing' });
            this.repairs.add(object.key);
          }
          this.uploads.push(object);
        }
        checked();
      },
      (object, error) => this.fail(object.key, error),
    );
    if (cancelled) return true;
    if (checkManifest) {
      const manifestCancelled = await runAll(
        [MANIFEST_KEY],
        this.options,
        async (key, signal) => {
          const remote = await this.store.head(key, signal);
          if (remote?.sha256 !== manifestSha) {
            this.drift.push({ key, found: remote ? 'other bytes' : 'missing' });
            this.manifestDrift = true;
          }
          checked();
        },
        (key, error) => this.fail(key, error),
      );
      if (manifestCancelled) return true;
    }
    // The looks end in whatever order the store answers: uploads and the report go by key.
    this.uploads.sort(byKey);
    this.drift.sort(byKey);
    return false;
  }

  /**
   * The manifest naming every object confirmed with the bytes it describes, and the objects at
   * the keys in `pending` as if they were (a dry run's uploads).
   */
  private manifest(pending: ReadonlySet<string> = new Set()): PutRequest {
    const objects = [...this.plan.unchanged, ...this.plan.uploads, ...this.plan.held];
    const entries = objects
      .filter((o) => pending.has(o.key) || this.confirmed.get(o.key) === o.sha256)
      .flatMap((o) => o.entries);
    const data = Buffer.from(manifestText(entries));
    return {
      key: MANIFEST_KEY,
      body: { data },
      bytes: data.length,
      sha256: contentHash(data),
      contentType: 'application/json',
      cacheControl: MANIFEST_CACHE_CONTROL,
    };
  }

  private manifestChanged(manifest: PutRequest): boolean {
    return this.manifestDrift || this.confirmed.get(MANIFEST_KEY) !== manifest.sha256;
  }

  /** What a dry run reports: the plan's counts as if every request succeeded. */
  preview(): void {
    const manifest = this.manifest(new Set(this.uploads.map((o) => o.key)));
    this.manifestUp = this.manifestChanged(manifest);
    this.counts.uploaded = this.uploads.length + (this.manifestUp ? 1 : 0);
    this.counts.unchanged += this.manifestUp ? 0 : 1;
    this.counts.bytes =
      this.uploads.reduce((sum, o) => sum + o.bytes, 0) + (this.manifestUp ? manifest.bytes : 0);
    this.counts.deleted = this.options.delete ? this.plan.deletes.length : 0;
  }

  /** Called only while sending, once the run's job exists. */
  private advanced(result: { bytes?: number; failed?: boolean }): void {
    this.progress.advance(result);
    this.options.onProgress?.(this.progress.snapshot(), 'send');
    // The job row is for others to follow (the jobs list, another process): a write at most
    // every 250 ms. The last state is saved by send() once every request is done.
    const now = Date.now();
    if (now - this.lastSaved > 250) {
      this.lastSaved = now;
      this.save();
    }
  }

  private save(): void {
    updateJob(this.db, this.jobId!, this.progress.snapshot());
    // The history keeps the first errors; the run's report has them all.
    updatePublishRun(this.db, this.jobId!, this.counts, this.errors.slice(0, MAX_STORED_ERRORS));
  }

  private async put(object: PutRequest, signal: AbortSignal): Promise<void> {
    // The old record stops being true the moment the store starts replacing the object.
    if (this.confirmed.delete(object.key)) {
      forgetPublication(this.db, this.target.location, object.key);
    }
    await this.store.put(object, signal);
    this.confirm(object);
    this.counts.uploaded += 1;
    this.counts.bytes += object.bytes;
    if (this.repairs.has(object.key)) this.counts.repaired += 1;
    this.advanced({ bytes: object.bytes });
  }

  /** Uploads, then the manifest, then deletes; resolves to whether it was cancelled. */
  async send(): Promise<boolean> {
    const deletes = this.options.delete ? this.plan.deletes : [];
    this.progress = new Progress(this.uploads.length + 1 + deletes.length);
    this.jobId = startJob(
      this.db,
      'publish',
      { target: describeTarget(this.target), delete: this.options.delete ?? false },
      this.progress.snapshot().total,
    );
    insertPublishRun(this.db, this.jobId, describeTarget(this.target), this.target.location);
    const onFailure = (key: string, error: unknown) => {
      this.fail(key, error);
      this.advanced({ failed: true });
    };
    let cancelled = await runAll(
      this.uploads,
      this.options,
      (object, signal) => this.put(object, signal),
      (object, error) => onFailure(object.key, error),
    );
    if (!cancelled) {
      // Last, so that a site never reads a manifest naming a file that is not there yet.
      const manifest = this.manifest();
      if (this.manifestChanged(manifest)) {
        this.manifestUp = true;
        cancelled = await runAll(
          [manifest],
          this.options,
          (object, signal) => this.put(object, signal),
          (object, error) => onFailure(object.key, error),
        );
      } else {
        this.counts.unchanged += 1;
        this.advanced({});
      }
    }
    if (!cancelled && deletes.length > 0) {
      cancelled = await runAll(
        deletes,
        this.options,
        async (key, signal) => {
          await this.store.delete(key, signal);
          forgetPublication(this.db, this.target.location, key);
          this.counts.deleted += 1;
          this.advanced({});
        },
        onFailure,
      );
    }
    this.save();
    const state = cancelled ? 'cancelled' : this.counts.failed > 0 ? 'failed' : 'done';
    finishJob(this.db, this.jobId, state, this.errors[0]?.error);
    return cancelled;
  }

  report(started: number, cancelled: boolean): PublishReport {
    return {
      ...this.counts,
      target: describeTarget(this.target),
      dryRun: this.options.dryRun ?? false,
      cancelled,
      jobId: this.jobId,
      elapsedMs: Date.now() - started,
      drift: this.drift,
      errors: this.errors,
      uploadKeys: [...this.uploads.map((o) => o.key), ...(this.manifestUp ? [MANIFEST_KEY] : [])],
      deleteKeys: this.options.delete ? this.plan.deletes : [],
      strayKeys: this.options.delete ? [] : this.plan.deletes,
    };
  }
}

/**
 * Publishes the library's fresh derivatives to `target`, or with `dryRun` says what it would
 * do (counts, bytes, keys): the plan a UI shows before anything is sent.
 * @example
 * const report = await publish(library, resolveTarget(library.db, 'site'), { delete: true,
 *   onProgress: (p) => bar.update(p) });
 */
export async function publish(
  library: Library,
  target: Target,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const started = Date.now();
  const slot = `${library.dir}\0${target.location}`;
  const last = recentPublishRuns(library.db, 1, target.location)[0];
  if (!options.dryRun) {
    const elsewhere = last?.state === 'running' && isProcessAlive(last.pid ?? 0, last.pidStart);
    if (active.has(slot) || elsewhere) {
      throw new TargetError(
        `a publish to ${describeTarget(target)} is already running (process ${last?.pid ?? process.pid}); wait for it or cancel it`,
      );
    }
    active.add(slot);
  }
  const store = options.store ?? (await openStore(target, options));
  try {
    if (options.build && !options.dryRun) {
      await library.generate({ signal: options.signal });
    }
    const plan = await planPublish(library.db, library.cacheDir, target);
    const run = new PublishRun(library.db, target, plan, store, options, last);
    let cancelled = await run.check();
    if (options.dryRun) run.preview();
    else if (!cancelled) cancelled = await run.send();
    return run.report(started, cancelled);
  } finally {
    if (!options.store) store.close();
    if (!options.dryRun) active.delete(slot);
  }
}

/**
 * The latest publish runs, newest first: counts, errors, state and times.
 * @example publishHistory(library, { limit: 20 })
 */
export function publishHistory(
  library: Library,
  options: { limit?: number; target?: Target } = {},
): PublishRunRow[] {
  return recentPublishRuns(library.db, options.limit ?? 50, options.target?.location);
}
