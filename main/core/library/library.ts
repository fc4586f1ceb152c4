/**
 * The library: one folder holding `catalog.sqlite` and `cache/`. Every host (CLI, server,
 * desktop app) drives the engine through this class.
 */
import { CodedError, type ErrorCode } from '../../../shared/contract/errors.js';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ErrorEntry, LibraryStatus, OriginalSummary } from '../../../shared/domain.js';
import { sourceNameFor } from '../../../shared/naming.js';
import {
  withPresetDefaults,
  type Preset,
  type PresetFile,
  type PresetInput,
} from '../../../shared/preset.js';
import { CatalogError, openDatabase, type Db } from '../catalog/database.js';
import { markInterruptedJobs } from '../catalog/jobs.js';
import { originalById, originalByName, setExcluded, setFocalPoint } from '../catalog/originals.js';
import {
  deletePreset,
  listPresets,
  presetByName,
  renamePreset,
  upsertPreset,
} from '../catalog/presets.js';
import { libraryStatus, listErrors, listOriginals, type ListFilter } from '../catalog/reports.js';
import { getSetting, setSetting } from '../catalog/settings.js';
import { insertSource, listSources, sourceByPath, type SourceRow } from '../catalog/sources.js';
import { ENGINE_VERSION, recipeHash } from '../imaging/derivative-key.js';
import { configureSharp } from '../imaging/sharp-setup.js';
import { isProcessAlive } from '../jobs/process-alive.js';
import { collectGarbage, type GcReport } from './gc.js';
import type { GenerateOptions, GenerateReport } from './generate.js';
import { replan } from './plan.js';
import { scanPaths, scanSource, type ScanControl, type ScanReport } from './scan.js';

export interface LibraryOptions {
  /** Largest accepted input, in pixels (width × height). Default 100 megapixels. */
  pixelLimit?: number;
  /** Renders at once. Default: the number of cores. */
  concurrency?: number;
}

export const DEFAULT_PIXEL_LIMIT = 100_000_000;

export interface PresetChange {
  name: string;
  change: 'added' | 'changed' | 'renamed' | 'unchanged';
}

export class LibraryError extends CodedError {
  constructor(message: string, code: ErrorCode = 'refused') {
    super(code, message);
    this.name = 'LibraryError';
  }
}

/**
 * @example
 * const library = Library.open('./.thumbdesk');
 * await library.addSource('./photos');
 * await library.generate();
 */
export class Library {
  readonly cacheDir: string;
  readonly pixelLimit: number;
  readonly concurrency: number;

  private constructor(
    readonly dir: string,
    readonly db: Db,
    options: LibraryOptions,
  ) {
    this.cacheDir = path.join(dir, 'cache');
    this.pixelLimit = options.pixelLimit ?? DEFAULT_PIXEL_LIMIT;
    this.concurrency = options.concurrency ?? os.availableParallelism();
  }

  /** Opens (creating if needed) the library in `dir`. */
  static open(dir: string, options: LibraryOptions = {}): Library {
    const absolute = path.resolve(dir);
    try {
      mkdirSync(path.join(absolute, 'cache'), { recursive: true });
    } catch (error) {
      throw new CatalogError(`cannot create library ${absolute}: ${(error as Error).message}`);
    }
    configureSharp();
    const db = openDatabase(path.join(absolute, 'catalog.sqlite'));
    const library = new Library(realpathSync(absolute), db, options);
    markInterruptedJobs(db, isProcessAlive);
    if (getSetting(db, 'engine') !== ENGINE_VERSION) {
      // A new renderer writes other bytes: every derivative is stale by its key.
      replan(db);
      setSetting(db, 'engine', ENGINE_VERSION);
    }
    return library;
  }

  close(): void {
    this.db.close();
  }

  sources(): SourceRow[] {
    return listSources(this.db);
  }

  /** Registers a folder (idempotent) and scans it. */
  async addSource(
    folder: string,
    control: ScanControl = {},
  ): Promise<{ source: SourceRow; created: boolean; scan: ScanReport }> {
    const absolute = path.resolve(folder);
    let real: string;
    try {
      real = realpathSync(absolute);
      if (!statSync(real).isDirectory()) throw new Error('it is not a folder');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such folder'
          : (error as Error).message;
      throw new LibraryError(`cannot add ${absolute}: ${reason}`);
    }
    let source = sourceByPath(this.db, real);
    const created = !source;
    if (!source) {
      const taken = new Set(this.sources().map((s) => s.name));
      source = insertSource(this.db, sourceNameFor(real, taken), real);
    }
    return { source, created, scan: await this.rescan(source, undefined, control) };
  }

  /** Rescans every source, one after the other; a cancelled scan leaves the rest unscanned. */
  async scan(control: ScanControl = {}): Promise<ScanReport[]> {
    const reports: ScanReport[] = [];
    for (const source of this.sources()) {
      if (control.signal?.aborted) break;
      reports.push(await this.rescan(source, undefined, control));
    }
    return reports;
  }

  /**
   * Rescans one source: all of it, or only `relPaths` (a watcher's changes) without a walk.
   * @example await library.rescan(source, ['trips/a.jpg']);
   */
  rescan(
    source: SourceRow,
    relPaths?: Iterable<string>,
    control: ScanControl = {},
  ): Promise<ScanReport> {
    const options = { ...control, pixelLimit: this.pixelLimit, exclude: [this.dir] };
    return relPaths
      ? scanPaths(this.db, source, relPaths, options)
      : scanSource(this.db, source, options);
  }

  presets(): Preset[] {
    return listPresets(this.db).map((p) => p.preset);
  }

  exportPresets(): PresetFile {
    return { presets: this.presets() };
  }

  /**
   * Saves a valid preset (hosts parse what they are sent with the contract's schema first); the
   * fields it leaves out take their defaults. With `previousName`, the preset keeps its identity
   * under a new name, so its derivatives stay fresh if the recipe did not change.
   */
  savePreset(input: PresetInput, previousName?: string): PresetChange {
    return this.db.transaction(() => {
      const change = this.storePreset(withPresetDefaults(input), previousName);
      if (change.change === 'added' || change.change === 'changed') replan(this.db);
      return change;
    })();
  }

  /** Adds or replaces every preset of a preset file, in one transaction. */
  importPresets(file: PresetFile): PresetChange[] {
    return this.db.transaction(() => {
      const changes = file.presets.map((preset) => this.storePreset(preset));
      if (changes.some((c) => c.change === 'added' || c.change === 'changed')) replan(this.db);
      return changes;
    })();
  }

  private storePreset(preset: Preset, previousName?: string): PresetChange {
    const hash = recipeHash(preset);
    const existing = presetByName(this.db, previousName ?? preset.name);
    if (previousName && !existing) {
      throw new LibraryError(`no preset named "${previousName}"`, 'not-found');
    }
    if (previousName && previousName !== preset.name && presetByName(this.db, preset.name)) {
      throw new LibraryError(`a preset named "${preset.name}" already exists`);
    }
    const renamed = existing !== undefined && existing.preset.name !== preset.name;
    if (renamed) renamePreset(this.db, existing.id, preset);
    upsertPreset(this.db, preset, hash);
    const change: PresetChange['change'] = !existing
      ? 'added'
      : existing.recipeHash !== hash
        ? 'changed'
        : renamed
          ? 'renamed'
          : 'unchanged';
    return { name: preset.name, change };
  }

  deletePreset(name: string): void {
    const existing = presetByName(this.db, name);
    if (!existing) throw new LibraryError(`no preset named "${name}"`, 'not-found');
    deletePreset(this.db, existing.id);
  }

  /** Builds what is missing or stale. The render modules load on the first call, not on open. */
  async generate(
    options: Partial<Omit<GenerateOptions, 'cacheDir' | 'pixelLimit'>> = {},
  ): Promise<GenerateReport> {
    const { generate } = await import('./generate.js');
    return generate(this.db, {
      cacheDir: this.cacheDir,
      pixelLimit: this.pixelLimit,
      ...options,
      concurrency: options.concurrency ?? this.concurrency,
    });
  }

  status(): LibraryStatus {
    return libraryStatus(this.db);
  }

  list(filter?: ListFilter): OriginalSummary[] {
    return listOriginals(this.db, (file) => path.join(this.cacheDir, file), filter);
  }

  errors(): ErrorEntry[] {
    return listErrors(this.db);
  }

  gc(): Promise<GcReport> {
    return collectGarbage(this.db, this.cacheDir);
  }

  /** Sets an original's focal point (fractions 0–1); derivatives positioned on it go stale. */
  setFocalPoint(originalId: number, x: number, y: number): void {
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
      throw new LibraryError(`a focal point is two fractions from 0 to 1, not ${x}, ${y}`);
    }
    if (!originalById(this.db, originalId))
      throw new LibraryError(`no original with id ${originalId}`, 'not-found');
    this.db.transaction(() => {
      setFocalPoint(this.db, originalId, x, y);
      replan(this.db, [originalId]);
    })();
  }

  /**
   * The ids of originals named as `source/relative/path`, in order. Throws a LibraryError
   * naming every name that is not an image original of the library.
   * @example library.originalIds(['photos/a.jpg']) // [12]
   */
  originalIds(names: readonly string[]): number[] {
    const rows = names.map((name) => originalByName(this.db, name));
    const unknown = names.filter((_, i) => rows[i] === undefined);
    if (unknown.length > 0) {
      const quoted = unknown.map((name) => `"${name}"`).join(', ');
      throw new LibraryError(
        `no original ${quoted} in the library (name originals as source/path, as "thumbdesk list" shows them)`,
        'not-found',
      );
    }
    return rows.map((row) => row!.id);
  }

  /**
   * Excludes originals from the library's output; their files stay where they are. Their slots
   * leave the plan: nothing is built or published for them, and what was built is garbage for
   * `gc`. Answers the ids that were not excluded already.
   * @example library.exclude(library.originalIds(['photos/a.jpg']));
   */
  exclude(originalIds: readonly number[]): number[] {
    return this.markExcluded(originalIds, true);
  }

  /**
   * Includes excluded originals again: their slots come back (fresh while gc has not taken
   * their files, missing after). Answers the ids that were excluded.
   * @example library.include([12]);
   */
  include(originalIds: readonly number[]): number[] {
    return this.markExcluded(originalIds, false);
  }

  /** All or nothing: an unknown id changes no original. */
  private markExcluded(originalIds: readonly number[], excluded: boolean): number[] {
    const ids = [...new Set(originalIds)];
    return this.db.transaction(() => {
      const missing = ids.find((id) => originalById(this.db, id)?.is_image !== 1);
      if (missing !== undefined) {
        throw new LibraryError(`no original with id ${missing}`, 'not-found');
      }
      const changed = ids.filter((id) => setExcluded(this.db, id, excluded));
      replan(this.db, changed);
      return changed;
    })();
  }
}
