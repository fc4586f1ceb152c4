import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AnsweredNotes } from './answered-notes.js';
import type { AnsweredPathList } from './url-catalog.js';

let sent: AnsweredPathList[];
let notes: AnsweredNotes;
const logged: string[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  logged.length = 0;
  notes = new AnsweredNotes(
    {
      answered: (paths) => {
        sent.push(paths);
        return Promise.resolve(undefined);
      },
    },
    (line) => logged.push(line),
  );
});
afterEach(() => vi.useRealTimers());

it('sends a new path within 50 ms, each path once a batch', async () => {
  notes.note('/a', ['o-a']);
  notes.note('/a', ['o-a']);
  notes.note('/b', ['o-b', 'p-thumb']);
  expect(sent).toEqual([]);
  await vi.advanceTimersByTimeAsync(50);
  expect(sent).toEqual([
    [
      ['/a', ['o-a']],
      ['/b', ['o-b', 'p-thumb']],
    ],
  ]);
});

it('sends a path answered again within a second only once that second is over', async () => {
  notes.note('/a', ['o-a']);
  await vi.advanceTimersByTimeAsync(50);
  for (let i = 0; i < 100; i++) notes.note('/a', ['o-a']);
  notes.note('/new', ['o-n']);
  await vi.advanceTimersByTimeAsync(50);
  // The new path went at once; the hot one waits, whatever the number of answers.
  expect(sent).toEqual([[['/a', ['o-a']]], [['/new', ['o-n']]]]);
  await vi.advanceTimersByTimeAsync(950);
  expect(sent).toEqual([[['/a', ['o-a']]], [['/new', ['o-n']]], [['/a', ['o-a']]]]);
});

it('sends what is noted at flush, and logs a failure instead of throwing', async () => {
  notes.note('/a', ['o-a']);
  await notes.flush();
  expect(sent).toEqual([[['/a', ['o-a']]]]);
  const failing = new AnsweredNotes({ answered: () => Promise.reject(new Error('busy')) }, (line) =>
    logged.push(line),
  );
  failing.note('/b', ['o-b']);
  await failing.flush();
  expect(logged).toEqual(['url api: recording 1 answered path(s): busy']);
});

it('sends a burst of 1000 distinct paths at once', () => {
  for (let i = 0; i < 1000; i++) notes.note(`/p${i}`, ['o-p']);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toHaveLength(1000);
});
