/**
 * Scans a source: finds new, changed and removed files, hashes only what changed, probes headers,
 * and records everything in the catalog in batched transactions. A whole source is walked; a
 * watcher's list of paths is examined the same way without a walk.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Db } from '../catalog/database.js';
import {
  deleteOriginal,
  fileStamps,
  originalByPath,
  touchOriginal,
  upsertOriginal,
  type FileStamp,
  type ScannedFile,
} from '../catalog/originals.js';
import type { SourceRow } from '../catalog/sources.js';
import { probeImage } from '../imaging/probe.js';
import { hasImageExtension, sniffFormat, SNIFF_BYTES } from '../imaging/sniff.js';
import { JobQueue } from '../jobs/job-queue.js';
import { Progress, type ProgressSnapshot } from '../jobs/progress.js';
import { contentHash, MAX_ORIGINAL_BYTES, readHead } from './hash-file.js';
import { replan } from './plan.js';
import { walkableFiles, walkSource, type WalkedFile } from './walk.js';

/** How a caller follows and stops a scan. */
export interface ScanControl {
  /** Stops examining files; what was examined is recorded, nothing is counted as removed twice. */
  signal?: AbortSignal;
  /** Files examined (read, hashed, probed) of those the walk found new or changed. */
  onProgress?: (progress: ProgressSnapshot) => void;
}

export interface ScanOptions extends ScanControl {
  pixelLimit: number;
  /** Absolute real paths the walk must not enter (the library folder). */
  exclude?: readonly string[];
  /** Files read and probed at once. */
  concurrency?: number;
}

export interface ScanReport {
  source: string;
  added: number;
  changed: number;
  /** Same bytes, new mtime: nothing goes stale. */
  touched: number;
  unchanged: number;
  removed: number;
  failed: number;
  /** Problems with the source itself or folders in it; files' own errors are in the catalog. */
  problems: string[];
  /** Stopped through the signal before every new or changed file was examined. */
  cancelled: boolean;
}

const WRITE_BATCH = 256;

type Outcome =
  | { kind: 'record'; file: ScannedFile; isNew: boolean }
  | { kind: 'touch'; id: number; mtimeMs: number }
  | { kind: 'vanished' };

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'cannot be read: it is a folder';
  return (error as Error).message;
}

/**
 * What a scan learns of one file, compared with its stamp in the catalog; nothing is recorded.
 * @example const outcome = await examine(source, walkedFile, stamps.get(relPath), options);
 */
async function examine(
  source: SourceRow,
  file: WalkedFile,
  stamp: FileStamp | undefined,
  options: ScanOptions,
): Promise<Outcome> {
  const base: ScannedFile = {
    source_id: source.id,
    rel_path: file.relPath,
    is_image: 1,
    size: file.size,
    mtime_ms: file.mtimeMs,
    hash: null,
    format: null,
    width: null,
    height: null,
    orientation: null,
    has_alpha: null,
    space: null,
    icc: null,
    depth: null,
    pages: null,
    error: null,
    scanned_at: Date.now(),
  };
  const isNew = stamp === undefined;
  try {
    if (!hasImageExtension(file.relPath)) {
      // Only content decides for files whose name promises nothing; most are not images.
      const head = await readHead(file.absPath, SNIFF_BYTES);
      if (!sniffFormat(head)) return { kind: 'record', file: { ...base, is_image: 0 }, isNew };
    }
    if (file.size > MAX_ORIGINAL_BYTES) {
      return {
        kind: 'record',
        file: { ...base, error: `larger than ${MAX_ORIGINAL_BYTES / 1024 / 1024} MB` },
        isNew,
      };
    }
    const bytes = await readFile(file.absPath);
    const hash = contentHash(bytes);
    if (stamp && stamp.hash === hash && stamp.size === bytes.length) {
      return { kind: 'touch', id: stamp.id, mtimeMs: file.mtimeMs };
    }
    const scanned = { ...base, size: bytes.length, hash };
    try {
      const info = await probeImage(bytes, { pixelLimit: options.pixelLimit });
      return {
        kind: 'record',
        isNew,
        file: {
          ...scanned,
          format: info.format,
          width: info.width,
          height: info.height,
          orientation: info.orientation,
          has_alpha: info.hasAlpha ? 1 : 0,
          space: info.space,
          icc: info.icc ?? null,
          depth: info.depth,
          pages: info.pages,
        },
      };
    } catch (error) {
      return { kind: 'record', isNew, file: { ...scanned, error: (error as Error).message } };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'vanished' };
    return { kind: 'record', isNew, file: { ...base, error: errorText(error) } };
  }
}

function emptyReport(source: SourceRow): ScanReport {
  return {
    source: source.name,
    added: 0,
    changed: 0,
    touched: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    problems: [],
    cancelled: false,
  };
}

/**
 * Whether the source folder itself cannot be read now; if so, the report says why, and the
 * caller changes nothing (an unplugged drive keeps its catalog).
 */
async function sourceUnreadable(source: SourceRow, report: ScanReport): Promise<boolean> {
  try {
    if (!(await stat(source.path)).isDirectory()) throw new Error('it is not a folder');
    return false;
  } catch (error) {
    report.problems.push(
      `source "${source.name}" (${source.path}) cannot be read: ${errorText(error)}`,
    );
    return true;
  }
}

function isUnchanged(stamp: FileStamp | undefined, file: WalkedFile): boolean {
  return stamp !== undefined && stamp.size === file.size && stamp.mtime_ms === file.mtimeMs;
}

type StampOf = (relPath: string) => FileStamp | undefined;

/**
 * Examines files a few at a time and records the outcomes in batched transactions, counting
 * them in `report`, each batch replanned with it. Returns the files that vanished meanwhile.
 */
async function examineAll(
  db: Db,
  source: SourceRow,
  files: readonly WalkedFile[],
  stampOf: StampOf,
  options: ScanOptions,
  report: ScanReport,
): Promise<{ vanished: string[] }> {
  const outcomes: Outcome[] = [];
  const vanished: string[] = [];
  const flush = () => {
    const batch = outcomes.splice(0);
    db.transaction(() => {
      const changedIds: number[] = [];
      for (const outcome of batch) {
        if (outcome.kind === 'touch') touchOriginal(db, outcome.id, outcome.mtimeMs);
        if (outcome.kind !== 'record') continue;
        const id = upsertOriginal(db, outcome.file);
        // A known file that is no longer an image must lose its plan too.
        if (outcome.file.is_image || !outcome.isNew) changedIds.push(id);
      }
      // In the same transaction, so that no reader ever sees a new hash beside derivatives
      // that still look fresh for the old one.
      replan(db, changedIds);
    })();
  };
  const progress = new Progress(files.length);
  const queue = new JobQueue<WalkedFile>({
    concurrency: options.concurrency ?? 4,
    handler: async (file) => {
      const stamp = stampOf(file.relPath);
      const outcome = await examine(source, file, stamp, options);
      progress.advance({ bytes: file.size });
      options.onProgress?.(progress.snapshot());
      if (outcome.kind === 'vanished') {
        vanished.push(file.relPath);
        return;
      }
      if (outcome.kind === 'touch') report.touched += 1;
      else if (outcome.file.is_image) {
        if (outcome.isNew) report.added += 1;
        else report.changed += 1;
        if (outcome.file.error) report.failed += 1;
      } else if (stamp?.hash) {
        // Only images are hashed: this file was one, and is gone as an image.
        report.removed += 1;
      }
      outcomes.push(outcome);
      if (outcomes.length >= WRITE_BATCH) flush();
    },
  });
  report.cancelled = await queue.run(files, options.signal);
  flush();
  return { vanished };
}

/**
 * Deletes the catalog rows of files that are gone, in one transaction, counting them; none when
 * the source itself went away meanwhile (renamed, unplugged), for then its files only look gone.
 */
async function removeGone(
  db: Db,
  source: SourceRow,
  relPaths: readonly string[],
  stampOf: StampOf,
  report: ScanReport,
): Promise<void> {
  if (await sourceUnreadable(source, report)) return;
  db.transaction(() => {
    for (const relPath of relPaths) {
      const stamp = stampOf(relPath);
      if (!stamp) continue;
      deleteOriginal(db, stamp.id);
      report.removed += 1;
    }
  })();
}

/**
 * Rescans one source. Unchanged files (same size and mtime) are not read at all.
 * @example const report = await scanSource(db, source, { pixelLimit: 100e6 });
 */
export async function scanSource(
  db: Db,
  source: SourceRow,
  options: ScanOptions,
): Promise<ScanReport> {
  const report = emptyReport(source);
  // A missing source (an unplugged drive) keeps its catalog; nothing in it counts as removed.
  if (await sourceUnreadable(source, report)) return report;
  const walk = await walkSource(source.path, { exclude: options.exclude ?? [] });
  for (const dir of walk.unreadable) {
    report.problems.push(`${source.name}/${dir.relPath}: ${dir.reason}`);
  }
  const stamps = fileStamps(db, source.id);
  const stampOf = (relPath: string) => stamps.get(relPath);
  const seen = new Set<string>();
  const toExamine: WalkedFile[] = [];
  for (const file of walk.files) {
    seen.add(file.relPath);
    if (isUnchanged(stamps.get(file.relPath), file)) report.unchanged += 1;
    else toExamine.push(file);
  }
  const { vanished } = await examineAll(db, source, toExamine, stampOf, options, report);
  for (const relPath of vanished) seen.delete(relPath);

  const unknown = (relPath: string) =>
    walk.unreadable.some(
      (d) => d.relPath === '' || relPath === d.relPath || relPath.startsWith(`${d.relPath}/`),
    );
  const gone = [...stamps.keys()].filter((relPath) => !seen.has(relPath) && !unknown(relPath));
  await removeGone(db, source, gone, stampOf, report);
  return report;
}

/**
 * Rescans only the given files of a source (relative paths with `/`, as a watcher reports them),
 * without walking it: each is recorded, touched or removed exactly as a full scan would. A
 * source that cannot be read changes nothing, so a folder that went away keeps its catalog.
 * @example const report = await scanPaths(db, source, ['trips/a.jpg'], { pixelLimit: 100e6 });
 */
export async function scanPaths(
  db: Db,
  source: SourceRow,
  relPaths: Iterable<string>,
  options: ScanOptions,
): Promise<ScanReport> {
  const report = emptyReport(source);
  if (await sourceUnreadable(source, report)) return report;
  const stamps = new Map<string, FileStamp>();
  const stampOf = (relPath: string) => stamps.get(relPath);
  const toExamine: WalkedFile[] = [];
  const gone: string[] = [];
  const unique = [...new Set(relPaths)];
  const files = await walkableFiles(source.path, unique, options.exclude);
  unique.forEach((relPath, i) => {
    const stamp = originalByPath(db, source.id, relPath);
    if (stamp) stamps.set(relPath, stamp);
    const file = files[i];
    if (!file) gone.push(relPath);
    else if (isUnchanged(stamp, file)) report.unchanged += 1;
    else toExamine.push(file);
  });
  const { vanished } = await examineAll(db, source, toExamine, stampOf, options, report);
  await removeGone(db, source, [...gone, ...vanished], stampOf, report);
  return report;
}
