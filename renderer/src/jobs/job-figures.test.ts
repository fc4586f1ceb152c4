import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate } from './job-figures.js';

describe('job figures in words', () => {
  it('says durations in the largest units that matter', () => {
    expect(formatDuration(300)).toBe('< 1 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
  });

  it('keeps one decimal for slow rates only', () => {
    expect(formatRate(2.345)).toBe('2.3/s');
    expect(formatRate(47.6)).toBe('48/s');
  });
});
