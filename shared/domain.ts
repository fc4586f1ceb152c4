/**
 * Domain words shared by every host (library, source, original, preset, derivative, target). No
 * Node, no DOM.
 */

/** A derivative slot's state: a comparison of what it holds with what it should hold. */
export const DERIVATIVE_STATES = ['missing', 'fresh', 'stale', 'failed'] as const;
export type DerivativeState = (typeof DERIVATIVE_STATES)[number];

export interface DerivativeSummary {
  preset: string;
  format: string;
  density: number;
  width: number | null;
  height: number | null;
  bytes: number | null;
  state: DerivativeState;
  /** Absolute path of the cached file, when one is built (fresh or stale). */
  file: string | null;
  error: string | null;
}

export interface OriginalSummary {
  id: number;
  source: string;
  path: string;
  hash: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  bytes: number;
  error: string | null;
  focal: { x: number; y: number } | null;
  placeholder: string | null;
  /** Excluded from the library: it has no derivatives, and nothing of it is published. */
  excluded: boolean;
  derivatives: DerivativeSummary[];
}

export interface LibraryStatus {
  sources: number;
  /**
   * `total` counts the originals that are part of the library, `failed` those of them that
   * cannot be read; `excluded` counts the others, which no total includes.
   */
  originals: { total: number; failed: number; excluded: number };
  presets: number;
  derivatives: Record<DerivativeState, number> & { total: number; orphaned: number };
  cacheBytes: number;
}

export interface ErrorEntry {
  kind: 'original' | 'derivative';
  source: string;
  path: string;
  preset?: string;
  format?: string;
  density?: number;
  error: string;
}
