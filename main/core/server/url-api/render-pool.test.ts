import { describe, expect, it } from 'vitest';
import { RenderPool } from './render-pool.js';
import { UrlApiError } from './url-api-error.js';

describe('RenderPool', () => {
  it('runs at most `concurrency` tasks and refuses past its queue with 503 and Retry-After', async () => {
    const pool = new RenderPool({ concurrency: 2, maxQueue: 3 });
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
      });
    const results = Array.from({ length: 8 }, () =>
      pool.run(task).then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    await new Promise((r) => setImmediate(r));
    expect(pool.active).toBe(2);
    expect(pool.queued).toBe(3);
    while (releases.length > 0 || pool.active > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r === 'ok')).toHaveLength(5);
    const refused = settled.filter((r) => r instanceof UrlApiError) as UrlApiError[];
    expect(refused).toHaveLength(3);
    expect(refused[0]!.status).toBe(503);
    expect(refused[0]!.headers['Retry-After']).toBe('1');
    expect(peak).toBe(2);
    expect(pool.active).toBe(0);
  });

  it('frees its slot when a task fails', async () => {
    const pool = new RenderPool({ concurrency: 1, maxQueue: 0 });
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('drains: resolves once every task taken, running or queued, has finished', async () => {
    const pool = new RenderPool({ concurrency: 1, maxQueue: 1 });
    await pool.drain(); // idle: at once
    const finished: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<void>((resolve) => releases.push(resolve)).then(() => finished.push(n));
    const runs = [pool.run(task(1)), pool.run(task(2))];
    let drained = false;
    const drain = pool.drain().then(() => (drained = true));
    for (let i = 0; i < 2; i += 1) {
      await new Promise((r) => setImmediate(r));
      expect(drained).toBe(false);
      releases.shift()!();
    }
    await Promise.all([...runs, drain]);
    expect(finished).toEqual([1, 2]);
  });
});
