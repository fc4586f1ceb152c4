/**
 * An honest Last-Modified for URL answers: the latest time anything the answer depends on
 * changed. The original's bytes (its mtime, and when the catalog recorded those bytes, which a
 * copy that kept an older mtime cannot hide), its focal point, the preset a `pr:` URL names, and
 * the pipeline: the render engine plus the server's own output settings (URL presets, result
 * dimension cap, format negotiation), whose changes have no file to date them, so the catalog
 * notes when it first served with each (url-catalog/pipeline-since.ts).
 */
import type { OriginalRow } from '../../catalog/originals.js';

/** What an answer's time depends on. */
export interface AnswerInputs {
  original: Pick<OriginalRow, 'mtime_ms' | 'scanned_at' | 'focal_at'>;
  /** The `updated_at` of the preset a `pr:` URL names. */
  presetUpdatedAt?: number | undefined;
  /** When the catalog first answered with this pipeline (url-catalog/pipeline-since.ts). */
  pipelineSince: number;
}

/**
 * The Last-Modified time (epoch ms) of an answer built from `inputs`.
 * @example answerModifiedAt({ original: row, presetUpdatedAt: 1700000000000, pipelineSince })
 */
export function answerModifiedAt(inputs: AnswerInputs): number {
  const { original } = inputs;
  return Math.max(
    original.mtime_ms,
    original.scanned_at,
    original.focal_at ?? 0,
    inputs.presetUpdatedAt ?? 0,
    inputs.pipelineSince,
  );
}
