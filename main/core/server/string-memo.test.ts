import { describe, expect, it } from 'vitest';
import { memoByString } from './string-memo.js';

/** A memo over a function that counts its calls. */
function counted(limits: Parameters<typeof memoByString>[1]) {
  const calls: string[] = [];
  const memo = memoByString((key) => {
    calls.push(key);
    return key.length % 2 === 0 ? undefined : key.toUpperCase();
  }, limits);
  return { memo, calls };
}

describe('memoByString', () => {
  it('computes a string once, an undefined answer included', () => {
    const { memo, calls } = counted({ maxEntries: 4 });
    expect([memo('abc'), memo('abc'), memo('ab'), memo('ab')]).toEqual([
      'ABC',
      'ABC',
      undefined,
      undefined,
    ]);
    expect(calls).toEqual(['abc', 'ab']);
  });

  it('is emptied when a new string would pass the bound, and keeps answering right', () => {
    const { memo, calls } = counted({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'a', 'b', 'c']) memo(key);
    expect(calls).toEqual(['a', 'b', 'c']);
    // A fourth string empties it: the first three are computed again, once each.
    expect(memo('d')).toBe('D');
    expect([memo('a'), memo('b'), memo('d')]).toEqual(['A', 'B', 'D']);
    expect(calls).toEqual(['a', 'b', 'c', 'd', 'a', 'b']);
  });

  it('never keeps a string longer than maxKeyLength', () => {
    const { memo, calls } = counted({ maxEntries: 4, maxKeyLength: 3 });
    expect([memo('abcde'), memo('abcde'), memo('abc'), memo('abc')]).toEqual([
      'ABCDE',
      'ABCDE',
      'ABC',
      'ABC',
    ]);
    expect(calls).toEqual(['abcde', 'abcde', 'abc']);
  });
});
