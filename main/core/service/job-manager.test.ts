import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract/models.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { JobManager, MAX_QUEUED } from './job-manager.js';

const progress = (done: number) => ({
  done,
  failed: 0,
  total: 10,
  bytes: 0,
  rate: 0,
  etaSeconds: null,
  elapsedMs: 0,
});

describe('JobManager', () => {
  it('runs jobs one at a time, in order', async () => {
    const order: string[] = [];
    const jobs = new JobManager(() => undefined);
    const work = (name: string) => async () => {
      order.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${name} end`);
      return name;
    };
    jobs.enqueue('scan', 'a', work('a'));
    jobs.enqueue('generate', 'b', work('b'));
    await jobs.idle();
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(jobs.list().map((j) => [j.label, j.state, j.summary])).toEqual([
      ['b', 'done', 'b'],
      ['a', 'done', 'a'],
    ]);
  });

  it('passes progress on at most once per interval, and always the last state', async () => {
    let clock = 0;
    const seen: JobView[] = [];
    const jobs = new JobManager(
      (job) => seen.push(job),
      100,
      () => clock,
    );
    jobs.enqueue('generate', 'g', async ({ progress: report }) => {
      for (let done = 1; done <= 10; done++) {
        clock += 30;
        report(progress(done));
      }
      return 'ten';
    });
    await jobs.idle();
    const running = seen.filter((j) => j.state === 'running').map((j) => j.progress.done);
    // Start, then every fourth report (30 ms apart against a 100 ms interval).
    expect(running).toEqual([0, 4, 8]);
    expect(seen.at(-1)).toMatchObject({ state: 'done', progress: { done: 10 } });
  });

  it('cancels through the signal, and reports a failure with its message', async () => {
    const jobs = new JobManager(() => undefined);
    const cancelled = jobs.enqueue('generate', 'c', ({ signal }) => {
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('stopped'))),
      );
    });
    const failed = jobs.enqueue('scan', 'f', async () => {
      throw new Error('disk on fire');
    });
    expect(jobs.cancel(cancelled.id)).toBe(true);
    await jobs.idle();
    const byId = new Map(jobs.list().map((j) => [j.id, j]));
    expect(byId.get(cancelled.id)).toMatchObject({ state: 'cancelled', error: null });
    expect(byId.get(failed.id)).toMatchObject({ state: 'failed', error: 'disk on fire' });
    expect(jobs.cancel(failed.id)).toBe(false);
    expect(jobs.cancel(999)).toBe(false);
  });

  it('refuses a job past MAX_QUEUED waiting ones, in words, and takes one again once there is room', async () => {
    const jobs = new JobManager(() => undefined);
    const running = jobs.enqueue('generate', 'r', ({ signal }) => {
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped')));
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const waiting = Array.from({ length: MAX_QUEUED }, (_, i) =>
      jobs.enqueue('scan', `w${i}`, async () => 'done'),
    );
    const refused = (() => {
      try {
        return jobs.enqueue('scan', 'one too many', async () => 'done');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ThumbdeskError);
    expect(refused).toMatchObject({ code: 'refused' });
    expect((refused as Error).message).toBe(
      `${MAX_QUEUED} jobs are waiting already; wait for them to run, or cancel some`,
    );
    expect(jobs.cancel(waiting[0]!.id)).toBe(true);
    expect(jobs.enqueue('scan', 'room again', async () => 'done').state).toBe('queued');
    jobs.cancel(running.id);
    await jobs.idle();
  });
});
