import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';

/** A promise with its resolve and reject, for tasks that finish when a test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

class Transient extends Error {}

describe('JobQueue', () => {
  it('never runs more tasks at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 3,
      handler: async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, (n % 4) * 2));
        running -= 1;
        done.push(n);
      },
    });
    queue.add(Array.from({ length: 20 }, (_, i) => i));
    expect(queue.active).toBe(3);
    expect(queue.size).toBe(17);
    await queue.drain();
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('refuses a concurrency that is not a whole number of at least 1', () => {
    const handler = async () => {};
    expect(() => new JobQueue({ concurrency: 0, handler })).toThrow(/concurrency/);
    expect(() => new JobQueue({ concurrency: 1.5, handler })).toThrow(/concurrency/);
  });

  it('retries only retryable errors, up to maxAttempts, then reports the failure once', async () => {
    const attempts = new Map<string, number>();
    const failures: [string, unknown][] = [];
    const queue = new JobQueue<string>({
      concurrency: 2,
      maxAttempts: 3,
      isRetryable: (error) => error instanceof Transient,
      handler: async (item) => {
        const n = (attempts.get(item) ?? 0) + 1;
        attempts.set(item, n);
        if (item === 'flaky' && n < 3) throw new Transient('try again');
        if (item === 'always-transient') throw new Transient('still down');
        if (item === 'fatal') throw new Error('bad input');
      },
      onFailure: (item, error) => failures.push([item, error]),
    });
    queue.add(['ok', 'flaky', 'always-transient', 'fatal']);
    await queue.drain();
    expect(Object.fromEntries(attempts)).toEqual({
      ok: 1,
      flaky: 3,
      'always-transient': 3,
      fatal: 1,
    });
    expect(failures.map(([item, error]) => [item, (error as Error).message]).sort()).toEqual([
      ['always-transient', 'still down'],
      ['fatal', 'bad input'],
    ]);
  });

  it('waits its backoff between tries', async () => {
    const times: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 1,
      maxAttempts: 2,
      isRetryable: () => true,
      backoffMs: () => 40,
      handler: async () => {
        times.push(performance.now());
        if (times.length === 1) throw new Transient('once');
      },
    });
    queue.add([1]);
    await queue.drain();
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
  });

  it('starts nothing new while paused, and goes on when resumed', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 1,
      handler: async (n) => {
        started.push(n);
        await gates[n]!.promise;
      },
    });
    queue.add([0, 1, 2]);
    expect(started).toEqual([0]);
    queue.pause();
    gates[0]!.resolve();
    await tick();
    expect(started).toEqual([0]);
    expect([queue.active, queue.size]).toEqual([0, 2]);
    queue.resume();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    await queue.drain();
    expect(started).toEqual([0, 1, 2]);
  });

  it('cancel drops pending tasks and aborts the running ones', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const failures: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 2,
      handler: (n, signal) =>
        new Promise((_resolve, reject) => {
          started.push(n);
          signal.addEventListener('abort', () => {
            aborted.push(n);
            reject(signal.reason);
          });
        }),
      onFailure: (n) => failures.push(n),
    });
    queue.add([1, 2, 3, 4, 5]);
    const drained = queue.drain();
    queue.cancel();
    await drained;
    expect(queue.cancelled).toBe(true);
    expect(started).toEqual([1, 2]);
    expect(aborted).toEqual([1, 2]);
    // A cancelled task is not a failure, and a cancelled queue takes no more work.
    expect(failures).toEqual([]);
    expect(queue.size).toBe(0);
    queue.add([6]);
    await tick();
    expect(started).toEqual([1, 2]);
  });

  it('run cancels at once on a signal aborted before it started, running nothing', async () => {
    const started: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 2,
      handler: async (n) => {
        started.push(n);
      },
    });
    const controller = new AbortController();
    controller.abort();
    await expect(queue.run([1, 2, 3], controller.signal)).resolves.toBe(true);
    expect(queue.cancelled).toBe(true);
    expect(started).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('run cancels when its signal aborts midway, and leaves no listener on it', async () => {
    const gate = deferred();
    const started: number[] = [];
    const queue = new JobQueue<number>({
      concurrency: 1,
      handler: async (n, signal) => {
        started.push(n);
        await Promise.race([
          gate.promise,
          new Promise((resolve) => signal.addEventListener('abort', resolve)),
        ]);
      },
    });
    const controller = new AbortController();
    const run = queue.run([1, 2, 3], controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(run).resolves.toBe(true);
    expect(started).toEqual([1]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    // Drained without an abort: not cancelled, and the listener is gone all the same.
    const other = new AbortController();
    const done: number[] = [];
    const calm = new JobQueue<number>({ concurrency: 2, handler: async (n) => void done.push(n) });
    await expect(calm.run([1, 2, 3], other.signal)).resolves.toBe(false);
    expect(done.sort()).toEqual([1, 2, 3]);
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });

  it('drains at once when there is nothing to do', async () => {
    const queue = new JobQueue<number>({ concurrency: 1, handler: async () => {} });
    await expect(queue.drain()).resolves.toBeUndefined();
  });
});
