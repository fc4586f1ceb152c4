import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from './debouncer.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Debouncer', () => {
  it('runs once for a burst, after the burst has been quiet for the wait', () => {
    const task = vi.fn();
    const debouncer = new Debouncer(task, { waitMs: 100 });
    for (let i = 0; i < 20; i += 1) {
      debouncer.trigger();
      vi.advanceTimersByTime(50);
    }
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs at the latest maxWait after the first trigger of a steady stream', () => {
    const task = vi.fn();
    const debouncer = new Debouncer(task, { waitMs: 100, maxWaitMs: 300 });
    for (let i = 0; i < 10; i += 1) {
      debouncer.trigger();
      vi.advanceTimersByTime(50);
    }
    // Triggers 50 ms apart for 500 ms: the task ran at 300 ms; those after it are a new burst.
    expect(task).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('does not run once cancelled', () => {
    const task = vi.fn();
    const debouncer = new Debouncer(task, { waitMs: 100 });
    debouncer.trigger();
    debouncer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(task).not.toHaveBeenCalled();
  });
});
