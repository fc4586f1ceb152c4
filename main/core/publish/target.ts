/**
 * Targets: where a publish goes (a folder, or an S3 bucket with a prefix) and how it names and
 * labels what it sends. Options never hold a secret: S3 credentials come from the SDK's default
 * chain (environment, shared config and credentials files, a profile), or from a provider the
 * host resolves from `credentialsRef` (the desktop app keeps typed secrets in safeStorage).
 */
import { CodedError, type ErrorCode } from '../../../shared/contract/errors.js';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../catalog/database.js';
import {
  deleteTargetRow,
  insertTargetRow,
  listTargetRows,
  targetRowByName,
  type TargetRow,
} from '../catalog/targets.js';
import { safePrefix } from './keys.js';
import { checkTemplate, defaultCacheControl, DEFAULT_TEMPLATE } from './template.js';

/** A target that cannot be added, found or used; the message is meant for a person. */
export class TargetError extends CodedError {
  constructor(message: string, code: ErrorCode = 'refused') {
    super(code, message);
    this.name = 'TargetError';
  }
}

const TARGET_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

// Strict: an unknown option (a secret pasted where it does not belong) is refused, not dropped.
const targetOptionsSchema = z
  .object({
    template: z.string().min(1).default(DEFAULT_TEMPLATE),
    /** Cache-Control for derivatives; by default immutable for {hash} names, an hour otherwise. */
    cacheControl: z.string().min(1).optional(),
    endpoint: z.url().optional(),
    region: z.string().min(1).optional(),
    pathStyle: z.boolean().default(false),
    /** A profile of the shared AWS config and credentials files. */
    profile: z.string().min(1).optional(),
    /** The name under which the host keeps this target's secret; never the secret itself. */
    credentialsRef: z.string().min(1).optional(),
  })
  .strict();
export type TargetOptions = z.infer<typeof targetOptionsSchema>;
export type TargetOptionsInput = z.input<typeof targetOptionsSchema>;

export type Destination =
  { kind: 'folder'; folder: string } | { kind: 's3'; bucket: string; prefix: string };

export interface Target {
  /** The saved target's name; null for a destination given on the command line. */
  name: string | null;
  destination: Destination;
  options: TargetOptions;
  /** Identifies the place the records describe (see the publications table). */
  location: string;
  cacheControl: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads `s3://bucket/prefix` or a folder path.
 * @example parseDestination('s3://site/img') // { kind: 's3', bucket: 'site', prefix: 'img' }
 */
export function parseDestination(text: string): Destination {
  if (text.startsWith('s3://')) {
    const [bucket = '', ...rest] = text.slice('s3://'.length).split('/');
    if (!BUCKET.test(bucket)) {
      throw new TargetError(`"${text}": "${bucket}" is not a valid bucket name`);
    }
    return { kind: 's3', bucket, prefix: safePrefix(rest.join('/')) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new TargetError(`"${text}": a destination is a folder or s3://bucket/prefix`);
  }
  return { kind: 'folder', folder: path.resolve(text) };
}

function destinationText(destination: Destination): string {
  return destination.kind === 'folder'
    ? destination.folder
    : `s3://${destination.bucket}${destination.prefix ? `/${destination.prefix}` : ''}`;
}

function locationOf(destination: Destination, options: TargetOptions): string {
  const text = destinationText(destination);
  return destination.kind === 's3' && options.endpoint ? `${text} at ${options.endpoint}` : text;
}

function parseOptions(input: unknown): TargetOptions {
  const parsed = targetOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new TargetError(`target options: ${where}${issue.message}`);
  }
  try {
    checkTemplate(parsed.data.template);
  } catch (error) {
    throw new TargetError((error as Error).message);
  }
  return parsed.data;
}

function makeTarget(name: string | null, destination: Destination, input: unknown): Target {
  const options = parseOptions(input);
  return {
    name,
    destination,
    options,
    location: locationOf(destination, options),
    cacheControl: options.cacheControl ?? defaultCacheControl(options.template),
  };
}

function fromRow(row: TargetRow, overrides: Partial<TargetOptionsInput> = {}): Target {
  const stored = JSON.parse(row.options) as TargetOptionsInput;
  return makeTarget(row.name, parseDestination(row.destination), { ...stored, ...overrides });
}

/**
 * Saves a named target.
 * @example addTarget(db, 'site', 's3://site-assets/img', { endpoint: 'https://…', pathStyle: true });
 */
export function addTarget(
  db: Db,
  name: string,
  destination: string,
  options: TargetOptionsInput = {},
): Target {
  if (!TARGET_NAME.test(name)) {
    throw new TargetError(
      `"${name}" is not a target name: use lower-case letters, digits, ".", "-" or "_"`,
    );
  }
  if (targetRowByName(db, name)) throw new TargetError(`a target named "${name}" already exists`);
  const target = makeTarget(name, parseDestination(destination), options);
  insertTargetRow(db, {
    name,
    kind: target.destination.kind,
    destination: destinationText(target.destination),
    options: JSON.stringify(target.options),
  });
  return target;
}

/** @example listTargets(db).map((t) => t.name) */
export function listTargets(db: Db): Target[] {
  return listTargetRows(db).map((row) => fromRow(row));
}

/** @example removeTarget(db, 'site') */
export function removeTarget(db: Db, name: string): void {
  if (!deleteTargetRow(db, name)) throw new TargetError(`no target named "${name}"`, 'not-found');
}

/**
 * A saved target by name, or a folder / `s3://bucket/prefix` given directly; `overrides` (from
 * the command line) win over the saved options.
 * @example resolveTarget(db, 's3://site/img', { endpoint: 'http://127.0.0.1:4568', pathStyle: true })
 */
export function resolveTarget(
  db: Db,
  spec: string,
  overrides: Partial<TargetOptionsInput> = {},
): Target {
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<TargetOptionsInput>;
  const row = targetRowByName(db, spec);
  if (row) return fromRow(row, defined);
  if (!spec.startsWith('s3://') && !spec.includes('/') && !spec.startsWith('.')) {
    throw new TargetError(
      `no target named "${spec}": add one with "thumbdesk targets add", or give a folder path (./${spec}) or s3://bucket/prefix`,
      'not-found',
    );
  }
  return makeTarget(null, parseDestination(spec), defined);
}

/** How a target is shown: its name and where it points. */
export function describeTarget(target: Target): string {
  const where = locationOf(target.destination, target.options);
  return target.name ? `${target.name} (${where})` : where;
}
