/**
 * The data the contract carries, as zod schemas: what operations answer and events say. These
 * are the UI's view of the domain (shared/domain.ts): file system paths of the cache never
 * leave the host; images are named by media paths (./media.ts) instead.
 */
import { z } from 'zod';
import { DERIVATIVE_STATES } from '../domain.js';

export const derivativeStateSchema = z.enum(DERIVATIVE_STATES);

/**
 * An original's badge: the worst state among its derivatives, `none` without presets;
 * `excluded` when it is excluded from the library (it then has no derivatives).
 */
export const ORIGINAL_STATES = ['fresh', 'stale', 'missing', 'failed', 'none', 'excluded'] as const;
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
  /** Media path of the original's bytes, versioned by its content hash (`?v=…`). */
  media: z.string(),
  /** Media path of a small browser-friendly rendition, for grids, versioned likewise. */
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
  /** Excluded originals are counted apart: neither `total` nor `failed` includes them. */
  originals: z.object({ total: count, failed: count, excluded: count }),
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

export const JOB_KINDS = ['generate', 'scan', 'addSource', 'upload', 'publish', 'watch'] as const;
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
  /** The step a job of several steps is in (a publish: build, check, send); null otherwise. */
  phase: z.string().nullable(),
});
export type JobView = z.infer<typeof jobSchema>;

/**
 * The label of a publish job, by which the UI finds the run of a target among the jobs.
 * @example publishJobLabel('site') === 'Publish to site'
 */
export function publishJobLabel(target: string): string {
  return `Publish to ${target}`;
}

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

export const gcReportSchema = z.object({
  rows: count,
  files: count,
  bytes: count,
  /** Files the catalog named that were gone: those builds are missing again. */
  lost: count,
});

/** A publish destination as the UI shows it; a typed secret is never part of it. */
export const targetSchema = z.object({
  name: z.string(),
  kind: z.enum(['folder', 's3']),
  /** Where it points: the folder, or `s3://bucket/prefix` (and the endpoint, when not AWS). */
  location: z.string(),
  template: z.string(),
  cacheControl: z.string(),
  endpoint: z.string().nullable(),
  region: z.string().nullable(),
  pathStyle: z.boolean(),
  profile: z.string().nullable(),
  /** Whether the host keeps a typed secret for it (the desktop app, in safeStorage). */
  storedSecret: z.boolean(),
});
export type TargetView = z.infer<typeof targetSchema>;

/** Whether this host takes secrets typed into the UI, and what to tell a person about it. */
export const secretSupportSchema = z.object({
  accepted: z.boolean(),
  /** Why typed secrets are refused, or how weakly they would be kept; null when all is well. */
  note: z.string().nullable(),
});
export type SecretSupport = z.infer<typeof secretSupportSchema>;

const keyError = z.object({ key: z.string(), error: z.string() });

/** What a publish would do, before anything is sent. */
export const publishPlanSchema = z.object({
  target: z.string(),
  uploads: count,
  deletes: count,
  unchanged: count,
  /** Bytes to upload, manifest included. */
  bytes: count,
  /** Derivatives not fresh yet (missing, stale or failed), held back until built. */
  waiting: count,
  /** Objects that cannot be published (a name clash, a missing cache file). */
  failed: count,
  uploadKeys: z.array(z.string()),
  deleteKeys: z.array(z.string()),
  /** Published keys that no longer belong and stay unless the publish deletes. */
  strayKeys: z.array(z.string()),
  errors: z.array(keyError),
});
export type PublishPlanView = z.infer<typeof publishPlanSchema>;

/** One publish run of the history. */
export const publishRunSchema = z.object({
  id: z.number().int(),
  target: z.string(),
  location: z.string(),
  state: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  uploaded: count,
  unchanged: count,
  deleted: count,
  failed: count,
  waiting: count,
  repaired: count,
  bytes: count,
  errors: z.array(keyError),
});
export type PublishRunView = z.infer<typeof publishRunSchema>;

/** What one purge of a target did: the last batch sent there, by any process. */
export const purgeResultSchema = z.object({
  at: z.number(),
  outcome: z.enum(['ok', 'failed']),
  keys: count,
  paths: count,
  /** Why it failed (the last try's answer or the missing variable); null when it went through. */
  error: z.string().nullable(),
});
export type PurgeResultView = z.infer<typeof purgeResultSchema>;

/**
 * An edge cache Thumbdesk purges: set in the app (stored in the catalog without credentials) or
 * named by `serve --purge` (shown once a serve with it has run). Credentials come from the
 * environment of the process that purges.
 */
export const purgeTargetSchema = z.object({
  /** `kind:url`, as `serve --purge` takes it: what add and remove name. */
  target: z.string(),
  kind: z.enum(['varnish', 'fastly', 'cloudflare', 'cloudfront', 'webhook']),
  /** Scheme, host and port; the rest of the URL (a service, zone or distribution id) masked. */
  endpoint: z.string(),
  origin: z.enum(['app', 'serve']),
  /** The environment variables its requests read, and whether this host has each set. */
  credentials: z.array(z.object({ variable: z.string(), required: z.boolean(), set: z.boolean() })),
  last: purgeResultSchema.nullable(),
  /** Requests since it was first configured, by outcome, and keys purged. */
  counts: z.object({ ok: count, retried: count, failed: count, keys: count }),
  /** The most recent failure, even after later successes; null if none. */
  lastError: z.object({ at: z.number(), error: z.string() }).nullable(),
});
export type PurgeTargetView = z.infer<typeof purgeTargetSchema>;
