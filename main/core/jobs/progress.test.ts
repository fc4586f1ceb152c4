import { expect, it } from 'vitest';
import { Progress } from './progress.js';

it('counts done, failed and bytes, with a rate and the time left', () => {
  let now = 1_000;
  const progress = new Progress(10, () => now);
  expect(progress.snapshot()).toMatchObject({ done: 0, total: 10, etaSeconds: null });
  now += 2_000;
  progress.advance({ bytes: 1_000 });
  progress.advance({ bytes: 3_000 });
  progress.advance({ failed: true });
  progress.advance({ bytes: 500 });
  expect(progress.snapshot()).toEqual({
    done: 4,
    failed: 1,
    total: 10,
    bytes: 4_500,
    rate: 2,
    etaSeconds: 3,
    elapsedMs: 2_000,
  });
});

it('takes dropped items off the total, never below what is done', () => {
  let now = 0;
  const progress = new Progress(5, () => now);
  progress.advance({});
  progress.advance({});
  progress.drop();
  expect(progress.snapshot()).toMatchObject({ done: 2, total: 4 });
  progress.drop(10);
  now += 1_000;
  expect(progress.snapshot()).toMatchObject({ done: 2, total: 2, etaSeconds: 0 });
});
