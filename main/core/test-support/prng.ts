/**
 * A small seeded pseudo-random generator (mulberry32) for corpora that must come out the same
 * from the same seed on every machine, so that any failure can be replayed from its seed.
 */

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string;
}

/**
 * The generator for a 32-bit seed.
 * @example const rng = prng(42); rng.pick(['GET', 'POST']);
 */
export function prng(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    chance: (p) => next() < p,
    chars: (alphabet, length) =>
      Array.from({ length }, () => alphabet[int(alphabet.length)]).join(''),
  };
}

/**
 * A fresh seed for a run that should explore: from the clock and Math.random.
 * @example const seed = Number(process.env.FUZZ_SEED ?? randomSeed());
 */
export function randomSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 2 ** 32)) >>> 0;
}
