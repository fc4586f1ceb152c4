/**
 * A bounded memo for pure functions of a string that a server asks about on every request (a
 * request target's route, an Accept header's formats). Clients send a handful of distinct
 * strings, each thousands of times; a flood of made-up ones can only empty the memo, never grow
 * it past its bound, and a string too long to be worth keeping is computed every time.
 */

export interface StringMemoLimits {
  /** Entries kept at most; the memo is emptied when a new string would pass it. */
  maxEntries: number;
  /** Strings longer than this are computed each time, never kept. Default: no limit. */
  maxKeyLength?: number;
}

/**
 * `compute`, remembered per string. `compute` must be pure: a remembered answer is returned as
 * it was computed, however often it is asked for.
 * @example
 * const lower = memoByString((s) => s.toLowerCase(), { maxEntries: 256, maxKeyLength: 512 });
 * lower('Image/WebP') === 'image/webp';
 */
export function memoByString<T>(
  compute: (key: string) => T,
  { maxEntries, maxKeyLength = Infinity }: StringMemoLimits,
): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    // `has` as well as `get`: an answer may be undefined.
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      if (known.size >= maxEntries) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value as T;
  };
}
