/**
 * The data the contract carries, as zod schemas: what operations answer and events say. These
 * are the UI's view of the domain (shared/domain.ts): file system paths of the cache never
 * leave the host; images are named by media paths (./media.ts) instead.
 */
import { z } from 'zod';
import { DERIVATIVE_STATES } from '../domain.js';

export const derivativeStateSchema = z.enum(DERIVATIVE_STATES);

/** An original's badge: the worst state among its derivatives, `none` without presets. */
export const ORIGINAL_STATES = ['fresh', 'stale', 'missing', 'failed', 'none'] as const;
export const originalStateSchema = z.enum(ORIGINAL_STATES);
export type OriginalState = z.infer<typeof originalStateSchema>;

const count = z.number().int().nonnegative();
const nullableCount = count.nullable();

export const sourceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  /** Milliseconds since the epoch. */
  addedAt: z.number(),
  /** The library's own folder for files uploaded from a browser. */
  uploads: z.boolean(),
});
export type SourceView = z.infer<typeof sourceSchema>;

export const scanReportSchema = z.object({
  source: z.string(),
  added: count,
  changed: count,
  touched: count,
  unchanged: count,
  removed: count,
  failed: count,
  problems: z.array(z.string()),
});
export type ScanReportView = z.infer<typeof scanReportSchema>;

export const derivativeSchema = z.object({
  preset: z.string(),
  format: z.string(),
  density: z.number(),
  width: nullableCount,
  height: nullableCount,
  bytes: nullableCount,
  state: derivativeStateSchema,
  error: z.string().nullable(),
  /** Media path of the built file (fresh or stale), null when none is built. */
  media: z.string().nullable(),
});
export type DerivativeView = z.infer<typeof derivativeSchema>;

export const originalSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  /** Relative to the source, with `/` separators. */
  path: z.string(),
  hash: z.string().nullable(),
  format: z.string().nullable(),
  width: nullableCount,
  height: nullableCount,
  bytes: count,
  error: z.string().nullable(),
  focal: z.object({ x: z.number(), y: z.number() }).nullable(),
  /** A data URI of a tiny blurred rendition, shown while the thumbnail loads. */
  placeholder: z.string().nullable(),
  state: originalStateSchema,
  /** Media path of the original's bytes. */
  media: z.string(),
  /** Media path of a small browser-friendly rendition, for grids. */
  thumb: z.string(),
  derivatives: z.array(derivativeSchema),
});
export type OriginalView = z.infer<typeof originalSchema>;

/** One original with the facts the detail view shows beside it. */
export const originalDetailSchema = originalSchema.extend({
  /** Colour space as libvips names it (`srgb`, `cmyk`, `b-w`, `rgb16`…). */
  space: z.string().nullable(),
  /** Name of the embedded ICC profile, when there is one. */
  icc: z.string().nullable(),
  depth: z.string().nullable(),
  orientation: z.number().int().nullable(),
  hasAlpha: z.boolean().nullable(),
  pages: z.number().int().nullable(),
});
export type OriginalDetail = z.infer<typeof originalDetailSchema>;

export const libraryStatusSchema = z.object({
  sources: count,
  originals: z.object({ total: count, failed: count }),
  presets: count,
  derivatives: z.object({
    missing: count,
    fresh: count,
    stale: count,
    failed: count,
    total: count,
    orphaned: count,
  }),
  cacheBytes: count,
});

const usageRow = z.object({ bytes: count, count: count });
export const cacheUsageSchema = z.object({
  byPreset: z.array(usageRow.extend({ preset: z.string() })),
  byFormat: z.array(usageRow.extend({ format: z.string() })),
});
export type CacheUsage = z.infer<typeof cacheUsageSchema>;

export const errorEntrySchema = z.object({
  kind: z.enum(['original', 'derivative']),
  source: z.string(),
  path: z.string(),
  preset: z.string().optional(),
  format: z.string().optional(),
  density: z.number().optional(),
  error: z.string(),
});

export const progressSchema = z.object({
  done: count,
  failed: count,
  /** 0 while the total is not known yet (a scan walking its folders). */
  total: count,
  bytes: count,
  /** Items per second since the start. */
  rate: z.number().nonnegative(),
  /** Seconds left at the current rate; null until there is a rate. */
  etaSeconds: z.number().nonnegative().nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type ProgressView = z.infer<typeof progressSchema>;

export const JOB_KINDS = ['generate', 'scan', 'addSource', 'upload'] as const;
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;

/** Background work: one of these runs at a time, the others wait in order. */
export const jobSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(JOB_KINDS),
  /** What a person reads: "Generate all presets", "Scan photos". */
  label: z.string(),
  state: z.enum(JOB_STATES),
  progress: progressSchema,
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
  /** A short outcome once done: "1,204 built, 3 failed". */
  summary: z.string().nullable(),
});
export type JobView = z.infer<typeof jobSchema>;

export const presetChangeSchema = z.object({
  name: z.string(),
  change: z.enum(['added', 'changed', 'renamed', 'unchanged']),
});

export const previewOutputSchema = z.object({
  format: z.string(),
  density: z.number(),
  width: count,
  height: count,
  bytes: count,
  /** A data URI of the rendered bytes, ready for an `<img src>`. */
  dataUri: z.string(),
});
export type PreviewOutput = z.infer<typeof previewOutputSchema>;

export const gcReportSchema = z.object({ rows: count, files: count, bytes: count });
