/**
 * The stamp written beside an Electron build of better-sqlite3, and the decision to (re)build:
 * a build is reused only when its stamp names the same Electron, ABI, better-sqlite3, platform
 * and architecture as the checkout now has. Pure, so every branch is tested without a compiler.
 */

/** What one build was made for. */
export interface NativeStamp {
  electron: string;
  abi: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

/** The stamp's file name inside a build folder. */
export const STAMP_FILE = 'stamp.json';

export type NativeBuildNeed = { build: false } | { build: true; reason: string };

const FIELDS = ['electron', 'abi', 'betterSqlite3', 'platform', 'arch'] as const;

/** A stamp read from disk, or null when it is missing or not a stamp. */
export function parseStamp(text: string | null): NativeStamp | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return FIELDS.every((field) => typeof value[field] === 'string')
      ? (value as unknown as NativeStamp)
      : null;
  } catch {
    return null;
  }
}

const describe = (stamp: NativeStamp) =>
  `Electron ${stamp.electron} (ABI ${stamp.abi}), better-sqlite3 ${stamp.betterSqlite3}, ` +
  `${stamp.platform}-${stamp.arch}`;

/**
 * Whether the Electron build must be made (again), and why, in words for the progress line.
 * @example
 * nativeBuildNeed(expected, { addonExists: true, stamp: parseStamp(text) }) // { build: false }
 */
export function nativeBuildNeed(
  expected: NativeStamp,
  found: { addonExists: boolean; stamp: NativeStamp | null },
): NativeBuildNeed {
  if (!found.addonExists) return { build: true, reason: 'it has not been built yet' };
  if (!found.stamp) return { build: true, reason: 'the existing build has no stamp' };
  const stamp = found.stamp;
  if (FIELDS.every((field) => stamp[field] === expected[field])) return { build: false };
  return { build: true, reason: `the existing build is for ${describe(stamp)}` };
}
