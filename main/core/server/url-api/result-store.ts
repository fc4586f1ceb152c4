/**
 * Results of URL requests, by derivative key: served from the cache when built (by the URL API
 * or by a preset's generate), else rendered once however many requests want them, on the
 * bounded pool, written atomically and recorded in the catalog before anyone is answered.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stableStringify } from '../../../../shared/stable-json.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { ImageError } from '../../imaging/image-error.js';
import {
  RenderStoppedError,
  RenderTimeoutError,
  type RenderProcesses,
} from '../../imaging/render-process.js';
import type { RenderSpec } from '../../imaging/render-spec.js';
import type { SniffedFormat } from '../../imaging/sniff.js';
import { cacheFileFor } from '../../library/generate.js';
import { contentHash } from '../../library/hash-file.js';
import type { FoundOriginal } from './found-original.js';
import { HotCache } from './hot-cache.js';
import type { UrlApiMetrics } from './metrics.js';
import type { Recency } from './recency.js';
import type { RenderPool } from './render-pool.js';
import { SingleFlight } from './single-flight.js';
import { UrlApiError } from './url-api-error.js';
import type { UrlCatalog } from './url-catalog.js';

export interface ResultRequest {
  key: string;
  spec: RenderSpec;
  original: FoundOriginal;
}

export interface ResultStoreOptions {
  /** The catalog's owner, which records results and knows those already built. */
  catalog: UrlCatalog;
  /** Where results are written. */
  cacheDir: string;
  pool: RenderPool;
  /** Where renders run: processes that are killed past the render timeout. */
  renders: RenderProcesses;
  metrics: UrlApiMetrics;
  /** Where cached answers note their use. */
  recency: Recency;
  /** Bytes of results kept on disk: the owner evicts past it. */
  maxBytes: number;
  /** Seconds one render may take; 0 for no limit. */
  renderTimeoutSeconds: number;
  /** Bytes of recent results kept in memory. */
  memoryCacheBytes: number;
  /** Largest source width × height rendered (the library's, or lower). */
  pixelLimit: number;
  /** The configured watermark's bytes, sent with each render (a spec's watermark lays them over). */
  watermark?: Uint8Array | undefined;
}

function translate(error: unknown, timeoutSeconds: number): unknown {
  if (error instanceof RenderStoppedError) {
    return new UrlApiError(503, 'the render stopped; try again shortly', { 'Retry-After': '1' });
  }
  if (error instanceof RenderTimeoutError) {
    return new UrlApiError(504, `rendering took longer than ${timeoutSeconds} s`);
  }
  if (!(error instanceof ImageError)) return error;
  return new UrlApiError(422, error.message);
}

/**
 * @example const bytes = await store.get({ key, spec, original });
 */
export class ResultStore {
  private readonly flights = new SingleFlight<string, Buffer>();
  private readonly hot: HotCache;

  constructor(private readonly options: ResultStoreOptions) {
    this.hot = new HotCache(options.memoryCacheBytes);
  }

  /**
   * The result's bytes when they are in memory, counted as a cached answer; else undefined (ask
   * `get`). Synchronous, so that the commonest answer waits for nothing.
   */
  inMemory(key: string): Buffer | undefined {
    const data = this.hot.get(key);
    if (data) this.countHit(key);
    return data;
  }

  /**
   * The result's bytes when they are in memory, not counted: the fast lane counts them with
   * `countHit` only once it has answered with them (else node:http's answer counts them).
   * @example const data = results.peek(key); if (data && sent(data)) results.countHit(key);
   */
  peek(key: string): Buffer | undefined {
    return this.hot.get(key);
  }

  /** Counts an answer from memory: the hit, and the use that keeps the result on disk. */
  countHit(key: string): void {
    this.options.metrics.cacheHit();
    this.options.recency.touch(key);
  }

  /** The result's bytes, from the cache or rendered now. */
  async get(request: ResultRequest): Promise<Buffer> {
    const hot = this.inMemory(request.key);
    if (hot) return hot;
    const cached = await this.cached(request);
    if (cached) {
      this.options.metrics.cacheHit();
      this.options.recency.touch(request.key);
      this.hot.set(request.key, cached);
      return cached;
    }
    const { promise, shared } = this.flights.run(request.key, () =>
      this.options.pool.run(() => this.build(request)),
    );
    if (shared) this.options.metrics.coalesced.inc();
    const built = await promise;
    this.hot.set(request.key, built);
    return built;
  }

  /** What the catalog's rows say of the request's result, beyond its key. */
  private owner(request: ResultRequest) {
    return {
      originalId: request.original.row.id,
      contentHash: request.original.row.hash,
      spec: stableStringify(request.spec),
    };
  }

  private async cached(request: ResultRequest): Promise<Buffer | undefined> {
    const file = await this.options.catalog.builtFile({ key: request.key, ...this.owner(request) });
    if (!file) return undefined;
    try {
      return await readFile(path.join(this.options.cacheDir, file));
    } catch {
      return undefined; // removed behind the catalog's back: build it again
    }
  }

  private async build(request: ResultRequest): Promise<Buffer> {
    const { catalog, cacheDir, metrics, renderTimeoutSeconds } = this.options;
    const { original, spec, key } = request;
    const stopTimer = metrics.renderSeconds.startTimer();
    try {
      const bytes = await readFile(original.absPath);
      if (contentHash(bytes) !== original.row.hash) {
        await catalog.rescan({ sourceName: original.source.name, relPath: original.row.rel_path });
        throw new UrlApiError(503, 'the original changed while it was read; try again', {
          'Retry-After': '1',
        });
      }
      const input = { bytes, format: original.row.format as SniffedFormat };
      const output = await this.options.renders.render(input, spec, {
        pixelLimit: this.options.pixelLimit,
        watermark: this.options.watermark,
        timeoutSeconds: renderTimeoutSeconds,
      });
      const file = cacheFileFor(key, spec.format);
      await writeFileAtomic(path.join(cacheDir, file), output.data);
      await catalog.record({
        render: {
          key,
          encoded: spec.format,
          width: output.width,
          height: output.height,
          bytes: output.data.length,
          file,
          ...this.owner(request),
        },
        uses: this.options.recency.take(),
        maxBytes: this.options.maxBytes,
      });
      metrics.renders.inc({ outcome: 'built' });
      return output.data;
    } catch (error) {
      metrics.renders.inc({ outcome: 'failed' });
      throw translate(error, renderTimeoutSeconds);
    } finally {
      stopTimer();
    }
  }
}
