/**
 * Sends purges to every configured target: keys (and paths) noticed close together go in one
 * batch, a failed request is retried with exponential backoff and jitter (publish/retry.ts),
 * and what happened shows in the metrics and the log. A target that keeps failing costs only
 * its own retries; the others go on.
 */
import { Counter, type Registry } from 'prom-client';
import type { PurgeOutcome } from '../catalog/purge-targets.js';
import { backoffMs, MAX_ATTEMPTS } from '../publish/retry.js';
import type { AnsweredPaths } from './answered-paths.js';
import { purgeRequests, type PurgeBatch, type PurgeRequest } from './purge-requests.js';
import { PURGE_METRICS } from './purge-metrics.js';
import type { PurgeTarget } from './purge-target.js';

export interface PurgerOptions {
  targets: readonly PurgeTarget[];
  /** Where the purge counters go (read by `/metrics` through purge-metrics.ts). */
  registry: Registry;
  answered: AnsweredPaths;
  log: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds keys wait for more before a batch goes. Default 100. */
  batchMs?: number;
  /** Milliseconds one request may take. Default 10 s. */
  timeoutMs?: number;
  /** Base of the backoff between tries. Default 200 ms. */
  backoffBaseMs?: number;
  /** Hears how each batch went at each target (the catalog keeps it for the app's panel). */
  onResult?: (target: PurgeTarget, outcome: PurgeOutcome) => void;
}

/** The requests of one batch at one target so far, and the last failure's words. */
interface Tally {
  requests: PurgeOutcome['requests'];
  error: string | null;
}

/** An answer that says the request should be tried again: a 5xx or 429. */
class PurgeStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * @example
 * const purger = new Purger({ targets, registry: api.metrics.registry, answered, log });
 * purger.purge(['o-0123456789abcdef']);
 * await purger.settled();
 */
export class Purger {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  private readonly requests: Counter<'target' | 'outcome'>;
  private readonly keys: Counter<'target'>;
  private closed = false;

  constructor(private readonly options: PurgerOptions) {
    const registers = [options.registry];
    this.requests = new Counter({ ...PURGE_METRICS.requests, registers });
    this.keys = new Counter({ ...PURGE_METRICS.keys, registers });
  }

  /** Queues `keys` for the next batch. */
  purge(keys: Iterable<string>): void {
    if (this.closed) return;
    for (const key of keys) this.pending.add(key);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.batchMs ?? 100);
  }

  /** Resolves once every batch queued so far has been sent (or given up on). */
  async settled(): Promise<void> {
    if (this.timer) this.flush();
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Sends what is queued and stops taking more. */
  async close(): Promise<void> {
    await this.settled();
    this.closed = true;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const keys = [...this.pending].sort();
    this.pending = new Set();
    const batch = { keys, paths: this.options.answered.takePathsFor(keys) };
    for (const target of this.options.targets) {
      const run = this.send(target, batch).finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  private async send(target: PurgeTarget, batch: PurgeBatch): Promise<void> {
    const tally: Tally = { requests: { ok: 0, retried: 0, failed: 0 }, error: null };
    let requests: PurgeRequest[] = [];
    try {
      requests = purgeRequests(target, batch, this.options.env ?? process.env);
    } catch (error) {
      this.count(target, tally, 'failed');
      tally.error = (error as Error).message;
      this.options.log(`purge ${target.label}: ${tally.error}`);
    }
    let ok = tally.error === null;
    for (const request of requests) ok = (await this.sendOne(target, request, tally)) && ok;
    if (ok && requests.length > 0) {
      this.keys.inc({ target: target.label }, batch.keys.length);
      this.options.log(
        `purge ${target.label}: ${batch.keys.length} key(s), ${batch.paths.length} path(s)`,
      );
    }
    this.options.onResult?.(target, {
      outcome: ok ? 'ok' : 'failed',
      keys: batch.keys.length,
      paths: batch.paths.length,
      requests: tally.requests,
      error: tally.error,
      at: Date.now(),
    });
  }

  private count(target: PurgeTarget, tally: Tally, outcome: keyof Tally['requests']): void {
    this.requests.inc({ target: target.label, outcome });
    tally.requests[outcome] += 1;
  }

  private async sendOne(
    target: PurgeTarget,
    request: PurgeRequest,
    tally: Tally,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        // The body is not needed, but reading it lets the connection be reused.
        await response.arrayBuffer();
        if (response.ok) {
          this.count(target, tally, 'ok');
          return true;
        }
        const status = response.status;
        throw new PurgeStatusError(status, status >= 500 || status === 429);
      } catch (error) {
        const retryable = !(error instanceof PurgeStatusError) || error.retryable;
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          this.count(target, tally, 'failed');
          tally.error = `failed after ${attempt} tr${attempt === 1 ? 'y' : 'ies'}: ${describe(error)}`;
          this.options.log(`purge ${target.label}: ${tally.error}`);
          return false;
        }
        this.count(target, tally, 'retried');
        const wait = backoffMs(attempt + 1, this.options.backoffBaseMs ?? 200);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string } };
  return [e.message, e.cause?.code].filter(Boolean).join(' ');
}
