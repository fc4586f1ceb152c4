/**
 * Every operation of the contract with the zod schema of its input and of its output. Hosts
 * parse the input before the core sees it and the output before the UI does, over IPC and HTTP
 * alike, so a field the UI gets wrong is named in the answer and a field the core gets wrong
 * never reaches a screen.
 */
import { z } from 'zod';
import { PRESET_NAME } from '../preset.js';
import { presetFileSchema, presetSchema } from '../preset-schema.js';
import type { OperationName } from './channels.js';
import {
  cacheUsageSchema,
  errorEntrySchema,
  gcReportSchema,
  jobSchema,
  libraryStatusSchema,
  originalDetailSchema,
  originalSchema,
  originalStateSchema,
  presetChangeSchema,
  previewOutputSchema,
  publishPlanSchema,
  publishRunSchema,
  purgeResultSchema,
  purgeTargetSchema,
  secretSupportSchema,
  sourceSchema,
  targetSchema,
} from './models.js';

const none = z.object({}).strict();
const id = z.number().int().positive();
const presetName = z.string().regex(PRESET_NAME, 'is not a preset name');
const fraction = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

/** The most originals one page of `listOriginals` returns. */
export const MAX_PAGE = 1000;

/**
 * A path relative to the uploads folder, as a browser gives it (`trip/day1/a.jpg`): forward
 * slashes, no empty, `.` or `..` segment, no control characters or backslashes, no segment
 * past 255 bytes.
 */
const UTF8 = new TextEncoder();
const SEGMENT = String.raw`[^/\\\u0000-\u001f]+`;
export const uploadNameSchema = z
  .string()
  .max(1024)
  .regex(new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`), 'must be a relative path')
  .refine((name) => !name.split('/').some((s) => s === '.' || s === '..'), 'must not contain ..')
  // File systems take names of at most 255 bytes: a longer one is the client's mistake (400),
  // not a failed write (500).
  .refine(
    (name) => name.split('/').every((s) => UTF8.encode(s).length <= 255),
    'each folder or file name must be at most 255 bytes',
  );

/** As `thumbdesk targets add` takes it. */
const targetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lower-case letters, digits, ".", "-" or "_"');
const optionalText = z.string().trim().min(1).max(2000).optional();

/** An S3 access key typed into the desktop app; kept by the host, never in the catalog. */
const typedSecret = z
  .object({
    accessKeyId: z.string().trim().min(1, 'is required'),
    secretAccessKey: z.string().min(1, 'is required'),
  })
  .strict();

/** A preset file whose presets have distinct names (as `parsePresetFile` requires). */
const presetFileInput = presetFileSchema.refine(
  (file) => new Set(file.presets.map((p) => p.name)).size === file.presets.length,
  { message: 'names a preset twice', path: ['presets'] },
);

function operation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const operations = {
  listSources: operation(none, z.array(sourceSchema)),
  /** Registers a folder (by its path on the host) and scans it, in the background. */
  addSource: operation(z.object({ path: z.string().min(1, 'is required') }).strict(), jobSchema),
  /**
   * Stores files into the library's own "uploads" source and scans it, in the background: the
   * browser's way of adding images, since a page cannot name a folder on disk.
   */
  uploadFiles: operation(
    z
      .object({
        files: z
          .array(z.object({ name: uploadNameSchema, data: z.instanceof(Uint8Array) }).strict())
          .min(1, 'needs at least one file'),
      })
      .strict(),
    jobSchema,
  ),
  /**
   * Forgets a source: its originals leave the catalog (their derivatives become garbage for
   * `gc`); no file on disk is touched, the folder's own least of all.
   */
  removeSource: operation(
    z.object({ name: z.string().min(1, 'is required') }).strict(),
    z.object({ name: z.string(), originals: z.number().int().nonnegative() }),
  ),
  /** Rescans one source, or every source, in the background. */
  scan: operation(z.object({ source: z.string().min(1).optional() }).strict(), jobSchema),
  /** One page of originals, filtered, in the order of (source, path). */
  listOriginals: operation(
    z
      .object({
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(MAX_PAGE).default(200),
        source: z.string().min(1).optional(),
        /** Only originals with a derivative of this preset (and `state`, when given, of it). */
        preset: presetName.optional(),
        state: originalStateSchema.optional(),
        /** Case-insensitive substring of the relative path. */
        search: z.string().max(500).optional(),
      })
      .strict(),
    z.object({
      total: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      items: z.array(originalSchema),
    }),
  ),
  getOriginal: operation(z.object({ id }).strict(), originalDetailSchema),
  /** Sets the focal point (fractions of width and height); `focal` derivatives go stale. */
  setFocalPoint: operation(
    z.object({ id, x: fraction, y: fraction }).strict(),
    originalDetailSchema,
  ),
  /**
   * Excludes originals from the library (`excluded: true`) or includes them again. An excluded
   * original keeps its file and its row but has no derivatives: nothing is built or published
   * for it, and `gc` removes what was built. Answers how many were not so already.
   */
  setExcluded: operation(
    z
      .object({ ids: z.array(id).min(1, 'needs at least one original'), excluded: z.boolean() })
      .strict(),
    z.object({ excluded: z.boolean(), changed: z.number().int().nonnegative() }),
  ),
  listPresets: operation(none, z.array(presetSchema)),
  /**
   * Adds or replaces a preset; with `previousName`, renames it keeping its derivatives. Answers
   * how many derivatives the save made stale or missing.
   */
  savePreset: operation(
    z.object({ preset: presetSchema, previousName: presetName.optional() }).strict(),
    presetChangeSchema.extend({ rebuild: z.number().int().nonnegative() }),
  ),
  deletePreset: operation(z.object({ name: presetName }).strict(), z.object({ name: z.string() })),
  importPresets: operation(
    z.object({ file: presetFileInput }).strict(),
    z.object({ changes: z.array(presetChangeSchema) }),
  ),
  exportPresets: operation(none, presetFileSchema),
  /** What saving this preset would do, without saving it: the count the save dialog shows. */
  rebuildCount: operation(
    z.object({ preset: presetSchema, previousName: presetName.optional() }).strict(),
    presetChangeSchema.extend({ rebuild: z.number().int().nonnegative() }),
  ),
  /** Renders a preset, saved or not, on one original: every format at one density. */
  preview: operation(
    z
      .object({
        preset: presetSchema,
        originalId: id,
        density: z.number().min(1).max(4).default(1),
      })
      .strict(),
    z.object({
      originalId: id,
      outputs: z.array(previewOutputSchema),
      elapsedMs: z.number().nonnegative(),
    }),
  ),
  /** Builds what is missing, stale or failed (of some presets, or all), in the background. */
  generate: operation(z.object({ presets: z.array(presetName).optional() }).strict(), jobSchema),
  /**
   * Watch mode: `on` turns it on or off, no `on` only asks. While on, a change in any source is
   * rescanned and rebuilt by itself and announced as `catalogChanged`. Answers whether it is on.
   */
  watch: operation(
    z.object({ on: z.boolean().optional() }).strict(),
    z.object({ on: z.boolean() }),
  ),
  /** Cancels a queued or running job; what was built stays built. */
  cancel: operation(z.object({ jobId: id }).strict(), z.object({ cancelled: z.boolean() })),
  /** Running and queued jobs first, then the most recent finished ones. */
  jobs: operation(none, z.array(jobSchema)),
  status: operation(none, libraryStatusSchema),
  cacheUsage: operation(none, cacheUsageSchema),
  errors: operation(none, z.array(errorEntrySchema)),
  /** Removes derivatives nothing wants any more, files and rows. */
  gc: operation(none, gcReportSchema),
  /** Saved targets, and whether this host keeps secrets typed into the UI. */
  listTargets: operation(
    none,
    z.object({ targets: z.array(targetSchema), secrets: secretSupportSchema }),
  ),
  /**
   * Saves a target: a folder path on the host, or `s3://bucket/prefix`. A `secret` is accepted
   * only by a host with a secret store (the desktop app); elsewhere S3 credentials come from the
   * standard AWS sources (environment, shared files, `profile`).
   */
  addTarget: operation(
    z
      .object({
        name: targetName,
        destination: z.string().trim().min(1, 'is required'),
        endpoint: z.url().optional(),
        region: optionalText,
        pathStyle: z.boolean().optional(),
        profile: optionalText,
        template: optionalText,
        cacheControl: optionalText,
        secret: typedSecret.optional(),
      })
      .strict(),
    targetSchema,
  ),
  /** Forgets a target and its secret; what was published stays where it is. */
  removeTarget: operation(z.object({ name: targetName }).strict(), z.object({ name: z.string() })),
  /** What a publish would send and delete, without sending anything (a dry run). */
  publishPlan: operation(
    z.object({ target: targetName, delete: z.boolean().default(false) }).strict(),
    publishPlanSchema,
  ),
  /** Publishes to a saved target in the background: a job, with its phase as it goes. */
  publish: operation(
    z
      .object({
        target: targetName,
        delete: z.boolean().default(false),
        build: z.boolean().default(false),
        verify: z.boolean().default(false),
      })
      .strict(),
    jobSchema,
  ),
  /** The latest publish runs, newest first, of one target or all. */
  publishHistory: operation(
    z
      .object({
        target: targetName.optional(),
        limit: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    z.array(publishRunSchema),
  ),
  /** The edge caches purged when originals or presets change, with how their purges went. */
  listPurgeTargets: operation(none, z.array(purgeTargetSchema)),
  /**
   * Stores a purge target (`varnish:http://host:port`, `fastly:https://api.fastly.com/service/ID`,
   * …) in the catalog; its credentials come from the environment, never from here.
   */
  addPurgeTarget: operation(
    z.object({ target: z.string().trim().min(1, 'is required').max(2000) }).strict(),
    purgeTargetSchema,
  ),
  /** Forgets a target set in the app (one `serve --purge` names stays that serve's). */
  removePurgeTarget: operation(
    z.object({ target: z.string().min(1).max(2000) }).strict(),
    z.object({ target: z.string() }),
  ),
  /**
   * Purges at every target now: what depends on these originals, or (`all`) on every original
   * and preset of the library. Answers each target's result.
   */
  purgeByHand: operation(
    z.union([
      z
        .object({ originalIds: z.array(id).min(1, 'needs at least one original').max(10_000) })
        .strict(),
      z.object({ all: z.literal(true) }).strict(),
    ]),
    z.array(z.object({ target: z.string(), result: purgeResultSchema })),
  ),
} satisfies Record<OperationName, { input: z.ZodType; output: z.ZodType }>;

export type Operations = typeof operations;
/** What a caller passes (defaults may be left out). */
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
/** What the core receives, defaults filled in. */
export type ParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;
