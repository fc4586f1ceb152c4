/**
 * The contract, implemented once over a Library, for every host: each operation parses its
 * input, runs, and parses its output with the contract's schemas; long work runs as background
 * jobs that report progress as events.
 */
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EventListener } from '../../../shared/contract/api.js';
import type { EventName, OperationName } from '../../../shared/contract/channels.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { parseOrThrow } from '../../../shared/contract/parse-or-throw.js';
import { events, type CatalogChange, type EventPayload } from '../../../shared/contract/events.js';
import type { JobView, SourceView } from '../../../shared/contract/models.js';
import {
  operations,
  type OperationOutput,
  type ParsedInput,
} from '../../../shared/contract/operations.js';
import { groupDigits } from '../../../shared/naming.js';
import { browseOriginals } from '../catalog/browse.js';
import { cacheUsage } from '../catalog/cache-usage.js';
import { countUnbuilt } from '../catalog/derivatives.js';
import { originalById } from '../catalog/originals.js';
import { presetByName } from '../catalog/presets.js';
import { deleteSource } from '../catalog/sources.js';
import { listOriginals } from '../catalog/reports.js';
import type { PurgeTarget } from '../edge/purge-target.js';
import type { Renderer } from '../imaging/render-process.js';
import type { Library } from '../library/library.js';
import type { ScanControl, ScanReport } from '../library/scan.js';
import { SourceWatcher, type WatchEvent } from '../library/watch.js';
import type { UrlCatalog } from '../server/url-api/url-catalog.js';
import { createUrlCatalogOwner } from '../url-catalog/owner.js';
import { clientText } from './client-text.js';
import { JobManager, type JobContext, type JobWork } from './job-manager.js';
import { resolveMedia, type MediaFile } from './media-resolver.js';
import { OriginalBytes } from './original-bytes.js';
import { OutsideChanges } from './outside-changes.js';
import {
  PREVIEW_LIMITS,
  renderPreview,
  SAME_THREAD_RENDERER,
  type PreviewLimits,
} from './preview.js';
import { Publishing } from './publishing.js';
import { PurgeDesk } from './purge-desk.js';
import { rebuildCount } from './rebuild-count.js';
import type { SecretStore } from './secret-store.js';
import { ServiceError, toThumbdeskError } from './service-error.js';
import { Renditions } from './renditions.js';
import { storeUploads, UPLOADS } from './uploads.js';
import { toOriginalDetail, toOriginalView } from './views.js';

type Handlers = {
  [N in OperationName]: (input: ParsedInput<N>) => OperationOutput<N> | Promise<OperationOutput<N>>;
};

/** A job's signal and progress, as the engine's scan takes them. */
function scanControl({ signal, progress }: JobContext): ScanControl {
  return { signal, onProgress: (snapshot) => progress(snapshot, 'examine') };
}

/** What the UI refetches after each kind of watch event (file events are followed by a scan). */
const WATCH_CHANGES: Partial<Record<WatchEvent['type'], CatalogChange['what']>> = {
  watching: ['sources'],
  away: ['sources'],
  scanned: ['originals', 'derivatives'],
  rebuilt: ['derivatives'],
};

/** How often, at most, a running generate tells the UI that derivatives changed. */
const CHANGE_INTERVAL_MS = 1000;

function scanSummary(reports: readonly ScanReport[]): string {
  const sum = (key: 'added' | 'changed' | 'removed' | 'failed') =>
    reports.reduce((n, r) => n + r[key], 0);
  return `${groupDigits(sum('added'))} added, ${groupDigits(sum('changed'))} changed, ${groupDigits(sum('removed'))} removed, ${groupDigits(sum('failed'))} failed`;
}

/** What a host sets on its service beyond the library's own options. */
export interface ServiceOptions {
  /**
   * A preview's size cap and time limit (`serve --max-size`, `--render-timeout`: a preview is
   * bounded as a URL is). Default: the URL API's defaults.
   */
  preview?: Omit<PreviewLimits, 'pixelLimit'>;
  /** A serve's `--purge` targets: purged on every catalog change, beside the app's own. */
  purgeTargets?: readonly PurgeTarget[];
}

/**
 * `secrets` is the host's store for secrets typed into the UI (the desktop app's); without one,
 * typed secrets are refused. `renderer` runs previews: a host's render processes, which a
 * preview past its time is killed in (service-worker.ts), closed at shutdown; without one, this
 * thread. `options` are the host's settings (ServiceOptions).
 * @example
 * const service = new ThumbdeskService(Library.open(dir));
 * service.on('jobProgress', (job) => console.log(job.state));
 * const job = await service.call('generate', {});
 */
export class ThumbdeskService {
  readonly jobs: JobManager;
  private readonly emitter = new EventEmitter();
  private readonly bytes = new OriginalBytes();
  private readonly renditions: Renditions;
  private readonly publishing: Publishing;
  private readonly outside: OutsideChanges;
  private readonly purges: PurgeDesk;
  private watcher: SourceWatcher | undefined;
  private ownUrlCatalog: UrlCatalog | undefined;

  constructor(
    readonly library: Library,
    secrets?: SecretStore,
    private readonly renderer: Renderer = SAME_THREAD_RENDERER,
    private readonly options: ServiceOptions = {},
  ) {
    this.emitter.setMaxListeners(0);
    this.jobs = new JobManager(
      (job) => this.emit('jobProgress', job),
      undefined,
      undefined,
      (error) => this.clientText((error as Error)?.message ?? String(error)),
    );
    this.publishing = new Publishing(
      library,
      this.jobs,
      (what) => this.emit('catalogChanged', { what: [what] }),
      secrets,
    );
    this.renditions = new Renditions(
      path.join(library.dir, 'thumbs'),
      this.bytes,
      library.pixelLimit,
    );
    this.outside = new OutsideChanges(library.db, (what) => this.emit('catalogChanged', { what }));
    this.outside.start();
    this.purges = new PurgeDesk(
      library.db,
      (line) => process.stderr.write(`${line}\n`),
      process.env,
      options.purgeTargets,
    );
  }

  /**
   * The URL API's side of the catalog over this service's library, made on first use: the paths
   * it answers go to the purges' shared record, and a rescan a request makes is announced as
   * the service's own change (the UI refreshes, the purges check).
   */
  urlCatalog(): UrlCatalog {
    return (this.ownUrlCatalog ??= createUrlCatalogOwner(this.library, {
      answered: this.purges.answered,
      purgeFigures: () => this.purges.serveFigures(),
      onChanged: () => this.emit('catalogChanged', { what: WATCH_CHANGES.scanned! }),
    }));
  }

  /**
   * Runs one operation: `input` is parsed (an `invalid-input` error names each field), the
   * answer is parsed too (a mismatch is an `internal` error). Rejects with a ThumbdeskError.
   */
  async call<N extends OperationName>(name: N, input?: unknown): Promise<OperationOutput<N>> {
    const schema = operations[name];
    try {
      const parsed = parseOrThrow(schema.input, input ?? {}, name) as ParsedInput<N>;
      const handler = this.handlers[name] as (input: ParsedInput<N>) => unknown;
      const output = await handler(parsed);
      return parseOrThrow(
        schema.output,
        output,
        `${name} answered`,
        'internal',
      ) as OperationOutput<N>;
    } catch (error) {
      const known = toThumbdeskError(error);
      throw new ThumbdeskError({ ...known.toBody(), message: this.clientText(known.message) });
    }
  }

  /** An error text without the machine's paths: files are named from their source. */
  private clientText(text: string): string {
    const folders = [{ dir: this.library.dir, name: 'library' }];
    try {
      folders.push(...this.library.sources().map((s) => ({ dir: s.path, name: s.name })));
    } catch {
      // The catalog itself failing: paths outside the library folder keep their last segment.
    }
    return clientText(text, folders);
  }

  /** Each `{ error }` of a list with its text as clients read it. */
  private withClientErrors<T extends { error: string }>(items: T[]): T[] {
    return items.map((item) => ({ ...item, error: this.clientText(item.error) }));
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** The file a media path names, when it is one of the library's. */
  media(mediaPath: string): Promise<MediaFile | undefined> {
    return resolveMedia(mediaPath, {
      db: this.library.db,
      cacheDir: this.library.cacheDir,
      renditions: this.renditions,
    });
  }

  /** Cancels every job and waits for the running one to stop; the library stays open. */
  async shutdown(): Promise<void> {
    this.outside.stop();
    await this.setWatching(false);
    await this.jobs.shutdown();
    await this.purges.close();
    this.renderer.close();
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // This service's own writes: the automatic purge's change check does not see them. Only
    // changes to what answers depend on; a purge's own record ('purges') is none.
    if (event === 'catalogChanged' && (payload as CatalogChange).what.some((w) => w !== 'purges'))
      this.purges.check();
    this.emitter.emit(event, events[event].parse(payload));
  }

  /** Turns watch mode on or off (undefined: as it is); answers whether it is on. */
  private async setWatching(on: boolean | undefined): Promise<{ on: boolean }> {
    if (on === true && !this.watcher) {
      let tally = { scanned: 0, built: 0, failed: 0 };
      this.watcher = new SourceWatcher(this.library, {
        // Through the queue: a rebuild shows in Jobs and never overlaps a Generate or a publish.
        runner: (work, stopped) =>
          new Promise((resolve) => {
            const cancel = () => this.jobs.cancel(job.id);
            const job = this.jobs.enqueue(
              'watch',
              'Rebuild after changes',
              async ({ signal }) => {
                tally = { scanned: 0, built: 0, failed: 0 };
                await work(signal);
                return `${groupDigits(tally.scanned)} new or changed, ${groupDigits(tally.built)} built, ${groupDigits(tally.failed)} failed`;
              },
              () => {
                stopped.removeEventListener('abort', cancel);
                resolve();
              },
            );
            stopped.addEventListener('abort', cancel, { once: true });
          }),
      });
      this.watcher.on((event) => {
        if (event.type === 'scanned') tally.scanned += event.report.added + event.report.changed;
        if (event.type === 'rebuilt') {
          tally.built += event.report.built;
          tally.failed += event.report.failed;
        }
        const what = WATCH_CHANGES[event.type];
        if (what) this.emit('catalogChanged', { what });
      });
      await this.watcher.start();
    } else if (on === false && this.watcher) {
      const watcher = this.watcher;
      this.watcher = undefined;
      await watcher.stop();
    }
    return { on: this.watcher !== undefined };
  }

  private get uploadsDir(): string {
    return path.join(this.library.dir, UPLOADS);
  }

  private sourceViews(): SourceView[] {
    return this.library.sources().map((s) => ({
      id: s.id,
      name: s.name,
      path: s.path,
      addedAt: s.added_at,
      uploads: s.path === this.uploadsDir,
    }));
  }

  /** A job that changes sources and originals, announcing the change when it ends. */
  private scanJob(kind: JobView['kind'], label: string, work: JobWork): JobView {
    return this.jobs.enqueue(kind, label, async (context) => {
      try {
        return await work(context);
      } finally {
        this.emit('catalogChanged', { what: ['sources', 'originals', 'derivatives'] });
      }
    });
  }

  private detail(id: number) {
    const row = originalById(this.library.db, id);
    const [summary] = listOriginals(this.library.db, (file) => file, { originalIds: [id] });
    if (!row || !summary) throw new ServiceError('not-found', `no original with id ${id}`);
    return toOriginalDetail(toOriginalView(summary), row);
  }

  private readonly handlers: Handlers = {
    listSources: () => this.sourceViews(),
    addSource: ({ path: folder }) =>
      this.scanJob('addSource', `Add ${path.basename(folder) || folder}`, async (context) => {
        const { scan } = await this.library.addSource(folder, scanControl(context));
        return scanSummary([scan]);
      }),
    removeSource: ({ name }) => {
      const source = this.library.sources().find((s) => s.name === name);
      if (!source) throw new ServiceError('not-found', `no source named "${name}"`);
      // Rows only: originals cascade, their derivatives become garbage for gc; files stay.
      const originals = deleteSource(this.library.db, source.id);
      this.emit('catalogChanged', { what: ['sources', 'originals', 'derivatives'] });
      return { name, originals };
    },
    uploadFiles: ({ files }) =>
      this.scanJob('upload', `Upload ${groupDigits(files.length)} files`, async (context) => {
        await mkdir(this.uploadsDir, { recursive: true });
        await storeUploads(this.uploadsDir, files);
        const { scan } = await this.library.addSource(this.uploadsDir, scanControl(context));
        return scanSummary([scan]);
      }),
    scan: ({ source }) => {
      const sources = this.library.sources().filter((s) => !source || s.name === source);
      if (source && sources.length === 0)
        throw new ServiceError('not-found', `no source named "${source}"`);
      return this.scanJob(
        'scan',
        source ? `Scan ${source}` : 'Scan all sources',
        async (context) => {
          // A whole-library scan reports a vanished source as a problem rather than failing.
          if (!source) return scanSummary(await this.library.scan(scanControl(context)));
          return scanSummary([
            (await this.library.addSource(sources[0]!.path, scanControl(context))).scan,
          ]);
        },
      );
    },
    listOriginals: (filter) => {
      const { total, ids } = browseOriginals(this.library.db, filter);
      const items = ids.length
        ? listOriginals(this.library.db, (file) => file, { originalIds: ids }).map(toOriginalView)
        : [];
      return { total, offset: filter.offset, items };
    },
    getOriginal: ({ id }) => this.detail(id),
    setFocalPoint: ({ id, x, y }) => {
      this.library.setFocalPoint(id, x, y);
      this.emit('catalogChanged', { what: ['focal', 'derivatives'], originalIds: [id] });
      return this.detail(id);
    },
    setExcluded: ({ ids, excluded }) => {
      const changed = excluded ? this.library.exclude(ids) : this.library.include(ids);
      this.emit('catalogChanged', { what: ['originals', 'derivatives'], originalIds: ids });
      return { excluded, changed: changed.length };
    },
    listPresets: () => this.library.presets(),
    savePreset: ({ preset, previousName }) => {
      const change = this.library.savePreset(preset, previousName);
      // Only a new recipe replans; the plan it left says what generating will rebuild.
      const replanned = change.change === 'added' || change.change === 'changed';
      const saved = replanned ? presetByName(this.library.db, change.name) : undefined;
      const rebuild = saved ? countUnbuilt(this.library.db, saved.id) : 0;
      this.emit('catalogChanged', { what: ['presets', 'derivatives'] });
      return { ...change, rebuild };
    },
    deletePreset: ({ name }) => {
      this.library.deletePreset(name);
      this.emit('catalogChanged', { what: ['presets', 'derivatives'] });
      return { name };
    },
    importPresets: ({ file }) => {
      const changes = this.library.importPresets(file);
      this.emit('catalogChanged', { what: ['presets', 'derivatives'] });
      return { changes };
    },
    exportPresets: () => this.library.exportPresets(),
    rebuildCount: ({ preset, previousName }) => rebuildCount(this.library.db, preset, previousName),
    preview: async ({ preset, originalId, density }) => {
      const { row, bytes } = await this.bytes.read(this.library.db, originalId);
      const rendered = await renderPreview(
        row,
        bytes,
        preset,
        density,
        { pixelLimit: this.library.pixelLimit, ...PREVIEW_LIMITS, ...this.options.preview },
        this.renderer,
      );
      return { originalId, ...rendered };
    },
    generate: ({ presets }) => {
      const label = presets?.length ? `Generate ${presets.join(', ')}` : 'Generate all presets';
      return this.jobs.enqueue('generate', label, async ({ signal, progress }) => {
        let lastChange = 0;
        try {
          const report = await this.library.generate({
            presets,
            signal,
            onProgress: (snapshot) => {
              progress(snapshot);
              if (Date.now() - lastChange < CHANGE_INTERVAL_MS) return;
              lastChange = Date.now();
              this.emit('catalogChanged', { what: ['derivatives'] });
            },
          });
          const { total, failed, bytes, elapsedMs } = report;
          const done = report.built + failed;
          const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
          progress({ done, failed, total, bytes, elapsedMs, rate, etaSeconds: 0 });
          return `${groupDigits(report.built)} built, ${groupDigits(report.failed)} failed`;
        } finally {
          this.emit('catalogChanged', { what: ['derivatives'] });
        }
      });
    },
    watch: ({ on }) => this.setWatching(on),
    cancel: ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    jobs: () => this.jobs.list(),
    status: () => this.library.status(),
    cacheUsage: () => cacheUsage(this.library.db),
    errors: () => this.withClientErrors(this.library.errors()),
    gc: async () => {
      const report = await this.library.gc();
      // The UI's own renditions (grid thumbnails, large views) of content that is gone go too.
      const views = await this.renditions.sweep(this.library.db);
      this.emit('catalogChanged', { what: ['derivatives'] });
      return { ...report, files: report.files + views.files, bytes: report.bytes + views.bytes };
    },
    listTargets: () => this.publishing.targets(),
    addTarget: (input) => this.publishing.add(input),
    removeTarget: (input) => this.publishing.remove(input),
    publishPlan: async (input) => {
      const plan = await this.publishing.plan(input);
      return { ...plan, errors: this.withClientErrors(plan.errors) };
    },
    publish: (input) => this.publishing.run(input),
    publishHistory: (input) =>
      this.publishing
        .history(input)
        .map((run) => ({ ...run, errors: this.withClientErrors(run.errors) })),
    listPurgeTargets: () => this.purges.list(),
    addPurgeTarget: async (input) => {
      const added = await this.purges.add(input);
      this.emit('catalogChanged', { what: ['purges'] });
      return added;
    },
    removePurgeTarget: async (input) => {
      const removed = await this.purges.remove(input);
      this.emit('catalogChanged', { what: ['purges'] });
      return removed;
    },
    purgeByHand: async (input) => {
      const results = await this.purges.byHand(input);
      this.emit('catalogChanged', { what: ['purges'] });
      return results;
    },
  };
}
