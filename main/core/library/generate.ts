/**
 * Builds every missing, stale or failed derivative: one original at a time per worker, its bytes
 * read and decoded once for all of its derivatives (decode-once.ts), each file written
 * atomically before the catalog says so.
 */
import { CodedError } from '../../../shared/contract/errors.js';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { extensionFor } from '../../../shared/naming.js';
import type { EncodedFormat } from '../../../shared/preset.js';
import type { Db } from '../catalog/database.js';
import {
  isFileReferenced,
  pendingSlots,
  recordBuilt,
  recordFailed,
  type BuiltFile,
  type DerivativeRow,
} from '../catalog/derivatives.js';
import { finishJob, startJob, updateJob } from '../catalog/jobs.js';
import { originalById, setPlaceholder, type OriginalRow } from '../catalog/originals.js';
import { listPresets, type StoredPreset } from '../catalog/presets.js';
import { listSources } from '../catalog/sources.js';
import { removeStrayTemps, writeFileAtomic } from '../fs/atomic-write.js';
import { placeholderOf } from '../imaging/placeholder.js';
import { rendererFor } from '../imaging/decode-once.js';
import { readRendered, type Rendered } from '../imaging/render.js';
import { hasFreeBox, type RenderSpec } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';
import { JobQueue } from '../jobs/job-queue.js';
import { Progress, type ProgressSnapshot } from '../jobs/progress.js';
import { contentHash } from './hash-file.js';
import { slotsFor } from './plan.js';

export interface GenerateOptions {
  cacheDir: string;
  pixelLimit: number;
  concurrency: number;
  /** Limit to these presets (by name); all presets when omitted. */
  presets?: readonly string[];
  timeoutSeconds?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ProgressSnapshot) => void;
}

export interface GenerateReport {
  jobId: number;
  total: number;
  built: number;
  failed: number;
  bytes: number;
  cancelled: boolean;
  elapsedMs: number;
  strayTempsRemoved: number;
}

/** Where a derivative with this key lives, relative to the cache folder. */
export function cacheFileFor(key: string, encoded: EncodedFormat): string {
  return `${key.slice(0, 2)}/${key}.${extensionFor(encoded)}`;
}

interface Built extends BuiltFile {
  row: DerivativeRow;
}

export class UnknownPresetError extends CodedError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'UnknownPresetError';
  }
}

function resolvePresetIds(
  presets: StoredPreset[],
  names: readonly string[] | undefined,
): number[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((name) => {
    const found = presets.find((p) => p.preset.name === name);
    if (!found) throw new UnknownPresetError(`no preset named "${name}"`);
    return found.id;
  });
}

/**
 * @example const report = await generate(db, { cacheDir, pixelLimit: 100e6, concurrency: 2 });
 */
export async function generate(db: Db, options: GenerateOptions): Promise<GenerateReport> {
  const strayTempsRemoved = await removeStrayTemps(options.cacheDir);
  const presets = listPresets(db);
  const presetIds = resolvePresetIds(presets, options.presets);
  const pending = pendingSlots(db, presetIds, true);
  const byOriginal = new Map<number, DerivativeRow[]>();
  for (const row of pending) {
    const list = byOriginal.get(row.original_id!) ?? [];
    list.push(row);
    byOriginal.set(row.original_id!, list);
  }
  const sourcePaths = new Map(listSources(db).map((s) => [s.id, s.path]));
  const progress = new Progress(pending.length);
  const jobId = startJob(db, 'generate', { presets: options.presets ?? null }, pending.length);
  let lastReport = 0;
  const report = () => {
    const snapshot = progress.snapshot();
    const now = Date.now();
    if (now - lastReport > 250 || snapshot.done === snapshot.total) {
      lastReport = now;
      updateJob(db, jobId, snapshot);
    }
    options.onProgress?.(snapshot);
  };

  const failAll = (rows: DerivativeRow[], message: string) => {
    db.transaction(() => {
      for (const row of rows) recordFailed(db, row.id, row.want_key!, message);
    })();
    for (let i = 0; i < rows.length; i += 1) progress.advance({ failed: true });
    report();
  };

  const buildOriginal = async (originalId: number, signal: AbortSignal) => {
    const rows = byOriginal.get(originalId)!;
    const original = originalById(db, originalId);
    if (!original) {
      progress.drop(rows.length); // removed by a scan since the plan was read
      return;
    }
    const absPath = path.join(sourcePaths.get(original.source_id) ?? '', original.rel_path);
    let bytes: Buffer;
    try {
      bytes = await readFile(absPath);
    } catch (error) {
      failAll(rows, `original cannot be read: ${(error as Error).message}`);
      return;
    }
    if (contentHash(bytes) !== original.hash) {
      failAll(rows, 'original changed since the last scan; run scan again');
      return;
    }
    const slots = slotsFor(original, presets);
    const wanted = rows.flatMap((row) => {
      const slot = slots.find(
        (s) => s.presetId === row.preset_id && s.format === row.format && s.density === row.density,
      );
      if (slot && slot.wantKey === row.want_key) return [{ row, slot }];
      progress.drop(); // replanned meanwhile: a later run builds what is wanted now
      return [];
    });
    // A file already under a slot's key (a URL API answer, or a run killed before it recorded
    // it) is complete, since every write is atomic, and shows what the key names: it is
    // recorded as it is, so a key's file is never rewritten with other bytes. Slots of one
    // original can share a key (a 2x capped to the source's size, `original` beside the same
    // format): each key is rendered and written once, for all of them.
    const existing = new Map<string, Rendered>();
    const toRender = new Map<string, RenderSpec>();
    for (const { slot } of wanted) {
      if (existing.has(slot.wantKey) || toRender.has(slot.wantKey)) continue;
      const file = path.join(options.cacheDir, cacheFileFor(slot.wantKey, slot.spec.format));
      const found = await readRendered(file, slot.spec.animated);
      if (found) existing.set(slot.wantKey, found);
      else toRender.set(slot.wantKey, slot.spec);
    }
    const limits = { pixelLimit: options.pixelLimit, timeoutSeconds: options.timeoutSeconds ?? 0 };
    const renderer = await rendererFor(
      { bytes, format: original.format as SniffedFormat },
      [...toRender.values()],
      limits,
    );
    // From a shared decode each render only resizes and encodes pixels already in memory, so
    // they all start at once and libvips keeps both cores busy while this worker writes files
    // and waits on the catalog (one after the other, a core sat idle for most of each await).
    // Each render of its own decodes the original again: those run one at a time, so that one
    // huge original never holds several decodes at once.
    const started = new Map<string, Promise<Rendered>>();
    if (renderer.sharedDecode) {
      for (const [key, spec] of toRender) {
        const rendering = renderer.render(spec);
        rendering.catch(() => undefined); // awaited below, where its error is recorded
        started.set(key, rendering);
      }
    }
    // Without a shared decode, the smallest still output that keeps the whole picture (no crop,
    // pad or stretch) stands in for the original when the placeholder is made (placeholderOf).
    let smallest: { data: Buffer; pixels: number } | undefined;
    const built: Built[] = [];
    const failed: { row: DerivativeRow; message: string }[] = [];
    for (const { row, slot } of wanted) {
      if (signal.aborted) break;
      try {
        const file = cacheFileFor(slot.wantKey, slot.spec.format);
        let output = existing.get(slot.wantKey);
        if (!output) {
          output = await (started.get(slot.wantKey) ?? renderer.render(slot.spec));
          await writeFileAtomic(path.join(options.cacheDir, file), output.data);
          existing.set(slot.wantKey, output);
        }
        const pixels = output.width * output.height;
        if (
          hasFreeBox(slot.spec) &&
          !slot.spec.animated &&
          (!smallest || pixels < smallest.pixels)
        ) {
          smallest = { data: output.data, pixels };
        }
        built.push({
          row,
          key: slot.wantKey,
          encoded: slot.spec.format,
          width: output.width,
          height: output.height,
          bytes: output.data.length,
          file,
        });
        progress.advance({ bytes: output.data.length });
      } catch (error) {
        failed.push({ row, message: (error as Error).message });
        progress.advance({ failed: true });
      }
      report();
    }
    await ensurePlaceholder(db, original, () =>
      placeholderOf(renderer.pixels, smallest?.data, bytes, options.pixelLimit),
    );
    // The files these slots held before are garbage once no row names them. They are found in
    // the same transaction, so nothing that fails after the commit can undo a recorded build.
    const obsolete = db.transaction(() => {
      for (const b of built) recordBuilt(db, b.row.id, b);
      for (const f of failed) recordFailed(db, f.row.id, f.row.want_key!, f.message);
      return built.flatMap((b) =>
        b.row.file && b.row.file !== b.file && !isFileReferenced(db, b.row.file)
          ? [b.row.file]
          : [],
      );
    })();
    for (const file of obsolete) {
      // A file that cannot be removed now is unnamed, and gc's sweep takes it later.
      await rm(path.join(options.cacheDir, file), { force: true }).catch(() => undefined);
    }
  };

  const queue = new JobQueue<number>({
    concurrency: options.concurrency,
    handler: buildOriginal,
    onFailure: (id, error) => failAll(byOriginal.get(id) ?? [], (error as Error).message),
  });
  const cancelled = await queue.run(byOriginal.keys(), options.signal);

  const snapshot = progress.snapshot();
  updateJob(db, jobId, snapshot);
  finishJob(db, jobId, cancelled ? 'cancelled' : snapshot.failed > 0 ? 'failed' : 'done');
  return {
    jobId,
    total: pending.length,
    built: snapshot.done - snapshot.failed,
    failed: snapshot.failed,
    bytes: snapshot.bytes,
    cancelled,
    elapsedMs: snapshot.elapsedMs,
    strayTempsRemoved,
  };
}

/** Makes the original's placeholder with `make` if it has none for its current bytes. */
async function ensurePlaceholder(
  db: Db,
  original: OriginalRow,
  make: () => Promise<string>,
): Promise<void> {
  if (original.placeholder && original.placeholder_hash === original.hash) return;
  try {
    setPlaceholder(db, original.id, await make(), original.hash!);
  } catch {
    // A placeholder is a nicety; the derivatives' own errors say what is wrong with the image.
  }
}
