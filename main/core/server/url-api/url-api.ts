/**
 * The imgproxy-compatible URL API as a request handler any HTTP host can mount: image URLs,
 * `/metrics` and `/healthz`. It owns no server; `thumbdesk serve` routes its own paths first
 * and hands the rest here.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mimeTypeFor } from '../../../../shared/naming.js';
import type { EncodedFormat } from '../../../../shared/preset.js';
import { derivativeKey } from '../../imaging/derivative-key.js';
import { RenderProcesses } from '../../imaging/render-process.js';
import type { FastAnswer, FastWrite } from '../fast-lane.js';
import { hasToken } from '../host-guard.js';
import type { RequestHead } from '../request-head.js';
import { acceptedFormats } from './accept.js';
import { authorize } from './access.js';
import { AnswerMemo, type ResolvedAnswer } from './answer-memo.js';
import { answerModifiedAt } from './answer-modified.js';
import { answerHeaders } from './answer-headers.js';
import { isVersioned, type CachePolicy } from './cache-policy.js';
import { originalKey, presetKey } from '../../edge/surrogate-keys.js';
import { createMetrics, type UrlApiMetrics } from './metrics.js';
import { contentDisposition, passesThrough } from './handling-options.js';
import { createInfoEndpoint, isInfoPath } from './info-endpoint.js';
import { parseFormat, parseProcessingOptions } from './processing-options.js';
import { Recency } from './recency.js';
import { RenderPool } from './render-pool.js';
import { requestSpec } from './request-spec.js';
import { isNotModified, send, sendError, sendPrepared } from './respond.js';
import { ResultStore } from './result-store.js';
import { answeredFrames, checkSourceSize } from './source-size.js';
import type { SigningPair } from './signature.js';
import { UrlApiError } from './url-api-error.js';
import type { LibraryFacts, UrlCatalog } from './url-catalog.js';
import { URL_API_DEFAULTS } from './defaults.js';
import { isSignedShape, parseSignedPath, splitSignature, type RawOption } from './url-path.js';
import type { ConfiguredWatermark } from './watermark-option.js';

export interface UrlApiOptions {
  /** The address the server listens on: `insecure` URLs need loopback or `allowInsecure`. */
  listenHost: string;
  /** Signing key/salt pairs; any of them signs a valid URL. None: `insecure` URLs only. */
  keys?: readonly SigningPair[];
  /** Bytes of the digest a signature holds (imgproxy's IMGPROXY_SIGNATURE_SIZE). Default 32. */
  signatureSize?: number;
  allowInsecure?: boolean;
  /**
   * Let the Accept header choose WebP / AVIF for URLs that name no format (imgproxy's
   * IMGPROXY_AUTO_WEBP / IMGPROXY_AUTO_AVIF). Default off: the source's format, as imgproxy.
   */
  autoWebp?: boolean;
  autoAvif?: boolean;
  /**
   * Answer in WebP / AVIF whenever the client accepts it, even when the URL names another
   * format (imgproxy's IMGPROXY_ENFORCE_WEBP / IMGPROXY_ENFORCE_AVIF). Default off.
   */
  enforceWebp?: boolean;
  enforceAvif?: boolean;
  /**
   * The watermark `watermark:` lays over results (`serve --watermark`, IMGPROXY_WATERMARK_PATH
   * or _DATA, with IMGPROXY_WATERMARK_OPACITY). Default none: the option does nothing.
   */
  watermark?: ConfiguredWatermark;
  /** imgproxy's URL presets (IMGPROXY_PRESETS), from `parseUrlPresets`. */
  urlPresets?: ReadonlyMap<string, readonly RawOption[]>;
  /** Refuse every URL but a `pr:` preset's own variants. */
  onlyPresets?: boolean;
  /**
   * A token `/metrics` asks for (`Authorization: Bearer …` or `?token=`), such as the admin
   * token of `serve --private-metrics`. Default: none, `/metrics` is open like `/healthz`.
   */
  metricsToken?: string;
  /** Largest width or height a URL may ask for. Default 8192. */
  maxSize?: number;
  /** Seconds one render may take. Default 30. */
  renderTimeoutSeconds?: number;
  /**
   * Largest source width × height a URL renders (imgproxy's IMGPROXY_MAX_SRC_RESOLUTION); it
   * can only lower the library's own limit, which every original is read under. Default: that.
   */
  pixelLimit?: number;
  /**
   * imgproxy's IMGPROXY_MAX_ANIMATION_FRAMES: an animation is answered with its first this many
   * frames, and 1 answers its first frame as a still. Default: every frame (imgproxy's is 1).
   */
  maxAnimationFrames?: number;
  /**
   * imgproxy's IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION, in pixels: an animation answered as one
   * is refused when a frame is larger, and its frames together no longer count against
   * `pixelLimit` (only against the library's own limit). Default: none.
   */
  maxAnimationFramePixels?: number;
  /**
   * The max_result_dimension of a URL that gives none (imgproxy's
   * IMGPROXY_MAX_RESULT_DIMENSION): larger results are scaled down to it. Default: none.
   */
  maxResultDimension?: number;
  /**
   * How long caches keep answers of unversioned URLs (those whose cachebuster is not the
   * original's content version): cache-policy.ts. Default 60 s, 60 s stale-while-revalidate,
   * and no s-maxage (give one only when purges keep shared caches exact).
   */
  cache?: CachePolicy;
  /** Called with each image path answered and the surrogate keys it carried. */
  onAnswer?: (path: string, keys: readonly string[]) => void;
  /** Renders waiting for a slot before requests get 503. Default 64. */
  maxQueue?: number;
  /** Bytes of recent results kept in memory. Default 64 MiB. */
  memoryCacheBytes?: number;
  /**
   * Bytes of results kept on disk (`url_renders`, preset variants URLs asked for included); past
   * it the least recently used go. The presets' own derivatives are never evicted. Default 1 GiB.
   */
  urlCacheMaxBytes?: number;
  /**
   * Milliseconds a resolved URL is reused before the catalog is read again: how long a preset
   * or focal-point change may take to reach URL answers (a changed file is seen at once).
   * Default 1000.
   */
  catalogRecheckMs?: number;
  /**
   * Milliseconds within which a remembered URL's original is not checked on disk again: how
   * long a changed file may take to reach answers under a stream of requests for it (0: every
   * request checks). Default 50.
   */
  fileRecheckMs?: number;
  /** Milliseconds /healthz waits for the catalog's owner to answer. Default 2000. */
  healthTimeoutMs?: number;
  /** Renders at once. Default: the library's concurrency. */
  concurrency?: number;
  /** Where unexpected errors are reported. Default stderr. */
  log?: (message: string) => void;
}

// Originals sent as they are (raw, skip_processing) are read whole into memory: bounded.
const PASSTHROUGH_MAX_BYTES = 64 * 1024 * 1024;

// Resolved URLs remembered; an entry holds one catalog row, so this is a few MiB at most.
const MEMO_ENTRIES = 10_000;

export interface UrlApi {
  /** Answers the request when it is the URL API's (true), else leaves it alone (false). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  readonly metrics: UrlApiMetrics;
  /**
   * Whether a request may come under any Host: an image URL when every URL must be signed (its
   * author published it), never `/metrics` or `/healthz`. A host mounts the API with it.
   */
  answersAnyHost(req: Pick<IncomingMessage, 'url'>): boolean;
  /**
   * The fast lane's answer (fast-lane.ts): an image URL whose answer is remembered and whose
   * bytes are in memory (or a 304 for it), answered exactly as `handle` would, counted and
   * reported alike; a lookup to wait for when the URL is not remembered; false, with nothing
   * done that `handle` does, for anything else.
   */
  answerFast: FastAnswer;
  /**
   * Stops the renders under way, waits for finished ones to record their results and for an
   * eviction, and writes the last uses noted: call it once the server has stopped, before the
   * library closes.
   */
  close(): Promise<void>;
}

/**
 * The API over `catalog`, the catalog's owner (the service worker's, or one over a Library in
 * this thread), for a library with these figures (a Library has them).
 * @example
 * const api = createUrlApi(createUrlCatalogOwner(library), library, { listenHost: '127.0.0.1', keys });
 * http.createServer(async (req, res) => {
 *   if (!(await api.handle(req, res))) { res.writeHead(404); res.end(); }
 * });
 */
export function createUrlApi(
  catalog: UrlCatalog,
  library: LibraryFacts,
  options: UrlApiOptions,
): UrlApi {
  const settings = { ...URL_API_DEFAULTS, ...withoutUndefined(options) };
  const pixelLimit = Math.min(library.pixelLimit, options.pixelLimit ?? Infinity);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const access = {
    keys: settings.keys,
    allowInsecure: settings.allowInsecure,
    listenHost: options.listenHost,
    signatureSize: options.signatureSize,
  };
  const concurrency = options.concurrency ?? library.concurrency;
  const pool = new RenderPool({ concurrency, maxQueue: settings.maxQueue });
  // As many render processes as renders at once: the pool never asks for more.
  const renders = new RenderProcesses(concurrency);
  const metrics = createMetrics({
    pool: () => ({ queued: pool.queued, active: pool.active }),
    catalog: () => catalog.stats(undefined),
  });
  const memo = new AnswerMemo(MEMO_ENTRIES, settings.catalogRecheckMs, settings.fileRecheckMs);
  const recency = new Recency(catalog, log);
  const results = new ResultStore({
    catalog,
    cacheDir: library.cacheDir,
    pool,
    renders,
    metrics,
    recency,
    maxBytes: settings.urlCacheMaxBytes,
    renderTimeoutSeconds: settings.renderTimeoutSeconds,
    memoryCacheBytes: settings.memoryCacheBytes,
    // With a frame limit, an animation's frames together answer only to the library's limit.
    pixelLimit: options.maxAnimationFramePixels ? library.pixelLimit : pixelLimit,
    watermark: options.watermark?.bytes,
  });
  // Output settings whose change no file dates: the catalog notes when they first applied.
  let pipelineAt: Promise<number> | undefined;
  const pipeline = () =>
    (pipelineAt ??= catalog
      .pipelineSince({
        urlPresets: [...(options.urlPresets ?? [])],
        maxResultDimension: options.maxResultDimension,
        autoWebp: settings.autoWebp,
        autoAvif: settings.autoAvif,
        enforceWebp: options.enforceWebp,
        enforceAvif: options.enforceAvif,
        maxAnimationFrames: options.maxAnimationFrames,
        maxAnimationFramePixels: options.maxAnimationFramePixels,
      })
      .catch((error: unknown) => {
        pipelineAt = undefined;
        throw error;
      }));
  const serveInfo = createInfoEndpoint({
    access,
    find: (ref) => catalog.find(ref),
    pool,
    pixelLimit,
    cache: settings.cache,
    modifiedAt: async (original) =>
      answerModifiedAt({ original: original.row, pipelineSince: await pipeline() }),
    onAnswer: options.onAnswer,
    log,
  });

  /** How a URL path resolves now, once authorized: its original, spec and key. */
  async function resolve(
    path: string,
    accepted: readonly EncodedFormat[],
  ): Promise<ResolvedAnswer> {
    const split = splitSignature(path);
    if (!split) throw new UrlApiError(404, 'not an image URL');
    const parsed = parseSignedPath(authorize(access, split.signature, split.signedPath));
    const processing = parseProcessingOptions(parsed.options, {
      maxSize: settings.maxSize,
      presets: options.urlPresets,
      maxResultDimension: options.maxResultDimension,
    });
    const original = await catalog.find(parsed.source);
    const preset = processing.preset ? await catalog.preset(processing.preset) : undefined;
    if (processing.preset && !preset) {
      throw new UrlApiError(404, `no preset named "${processing.preset}"`);
    }
    const { spec, negotiated } = requestSpec({
      options: processing,
      extension: parsed.extension,
      preset,
      facts: original.facts,
      orientation: original.row.orientation ?? undefined,
      accepted,
      maxSize: settings.maxSize,
      onlyPresets: settings.onlyPresets,
      negotiate: {
        avif: settings.autoAvif,
        webp: settings.autoWebp,
        enforce: { avif: options.enforceAvif ?? false, webp: options.enforceWebp ?? false },
      },
      watermark: options.watermark,
      maxAnimationFrames: options.maxAnimationFrames,
    });
    // As imgproxy: a source over the limit is a 422 before anything is rendered or sent.
    checkSourceSize(original.facts, answeredFrames(spec, original.facts), {
      pixelLimit,
      framePixels: options.maxAnimationFramePixels,
    });
    const requested = parsed.extension ? parseFormat(parsed.extension) : processing.format;
    const passthrough = passesThrough(processing, original.facts.format, requested);
    const format = passthrough ? (original.facts.format as EncodedFormat) : spec.format;
    const disposition = contentDisposition(processing, parsed.source.relPath, format);
    const surrogateKeys = [originalKey(original.source.id, original.row.rel_path)];
    if (preset) surrogateKeys.push(presetKey(preset.name));
    return {
      original,
      spec,
      // The original's bytes are keyed by its content hash, apart from any render of it.
      key: passthrough
        ? `original-${original.row.hash.slice(0, 32)}`
        : derivativeKey(original.row.hash, spec),
      negotiated: negotiated && !passthrough,
      disposition,
      passthrough,
      versioned: isVersioned(processing.cachebuster, original.row.hash),
      surrogateKeys,
      validUntilMs: processing.expires ? processing.expires * 1000 : undefined,
      modifiedAt: answerModifiedAt({
        original: original.row,
        presetUpdatedAt: processing.preset
          ? await catalog.presetUpdatedAt(processing.preset)
          : undefined,
        pipelineSince: await pipeline(),
      }),
    };
  }

  /** The remembered answer for `path`, looked up again in the background ahead of its expiry. */
  function recall(path: string, accepted: readonly EncodedFormat[]) {
    const remembered = memo.get(path, accepted);
    if (remembered && memo.claimRefresh(path, accepted)) {
      // Looked up again ahead of the expiry, while this request goes on with what is known.
      resolve(path, accepted).then(
        (fresh) => memo.set(path, accepted, fresh),
        () => memo.delete(path, accepted),
      );
    }
    return remembered;
  }

  // Built on the answer's first use and kept with it in the memo.
  const headersOf = (answer: ResolvedAnswer) =>
    (answer.headers ??= answerHeaders(answer, answer.modifiedAt, settings.cache));

  async function serveImage(req: IncomingMessage, res: ServerResponse, path: string) {
    const accepted = acceptedFormats(req.headers.accept);
    const answer =
      recall(path, accepted) ?? memo.set(path, accepted, await resolve(path, accepted));
    const headers = headersOf(answer);
    if (isNotModified(req, headers.etag, answer.modifiedAt)) {
      sendPrepared(req, res, 304, headers.notModified);
      return;
    }
    // A result in memory is answered in this turn: no promise to wait for.
    const data = answer.passthrough
      ? await originalBytes(answer)
      : (results.inMemory(answer.key) ?? (await results.get(answer)));
    options.onAnswer?.(path, answer.surrogateKeys);
    const type = answer.passthrough ? answer.original.facts.format : answer.spec.format;
    sendPrepared(req, res, 200, headers.ok(mimeTypeFor(type as EncodedFormat), data.length), data);
  }

  /**
   * serveImage for what needs no waiting: a remembered answer with its bytes in memory. A URL
   * not remembered is looked up first when the lane may wait (the lookup is remembered, and
   * the lane asks again); a refused one is then left to `handle`, which refuses it in words.
   */
  function answerFast(
    request: RequestHead,
    write: FastWrite,
    mayWait: boolean,
  ): boolean | Promise<unknown> {
    const query = request.url.indexOf('?');
    const path = query < 0 ? request.url : request.url.slice(0, query);
    if (!isSignedShape(path) || isInfoPath(path)) return false;
    const accepted = acceptedFormats(request.headers.accept);
    const answer = recall(path, accepted);
    if (!answer) {
      if (!mayWait) return false;
      return resolve(path, accepted).then(
        (fresh) => memo.set(path, accepted, fresh),
        () => undefined,
      );
    }
    const headers = headersOf(answer);
    if (isNotModified(request, headers.etag, answer.modifiedAt)) {
      if (!write(304, headers.notModified)) return false;
      metrics.answered(304);
      return true;
    }
    const data = answer.passthrough ? undefined : results.peek(answer.key);
    const type = mimeTypeFor(answer.spec.format);
    if (!data || !write(200, headers.ok(type, data.length), data)) return false;
    results.countHit(answer.key);
    options.onAnswer?.(path, answer.surrogateKeys);
    metrics.answered(200);
    return true;
  }

  /** The original's own bytes, for `raw` and `skip_processing`, within a bound. */
  async function originalBytes(answer: ResolvedAnswer): Promise<Buffer> {
    if (answer.original.row.size > PASSTHROUGH_MAX_BYTES) {
      throw new UrlApiError(422, 'the original is too large to send unprocessed; drop raw/skp');
    }
    return readFile(answer.original.absPath);
  }

  async function serveMetrics(req: IncomingMessage, res: ServerResponse) {
    if (options.metricsToken !== undefined && !hasToken(req, options.metricsToken)) {
      throw new UrlApiError(401, '/metrics needs the admin token: Authorization: Bearer <token>', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const text = await metrics.registry.metrics();
    send(
      req,
      res,
      200,
      { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' },
      Buffer.from(text),
    );
  }

  async function serveHealth(req: IncomingMessage, res: ServerResponse) {
    await withTimeout(catalog.ping(undefined), settings.healthTimeoutMs, () => {
      throw new UrlApiError(503, 'the catalog does not answer', { 'Retry-After': '1' });
    });
    send(
      req,
      res,
      200,
      { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      Buffer.from('ok\n'),
    );
  }

  /** Runs one route, answering its refusals and failures; always true (the request is ours). */
  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    route: () => Promise<void> | void,
  ): Promise<true> {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new UrlApiError(405, `${req.method} is not allowed: use GET or HEAD`, {
          Allow: 'GET, HEAD',
        });
      }
      await route();
    } catch (error) {
      if (error instanceof UrlApiError) {
        sendError(req, res, error.status, error.message, error.headers);
      } else {
        log(`url api: ${req.url}: ${(error as Error).stack ?? String(error)}`);
        sendError(req, res, 500, 'internal error; the server log says more');
      }
    }
    return true;
  }

  return {
    metrics,
    answerFast,
    answersAnyHost(req) {
      const path = (req.url ?? '/').split('?', 1)[0]!;
      return settings.keys.length > 0 && path !== '/metrics' && path !== '/healthz';
    },
    async handle(req, res) {
      const path = (req.url ?? '/').split('?', 1)[0]!;
      if (path === '/metrics') return answer(req, res, () => serveMetrics(req, res));
      if (path === '/healthz') return answer(req, res, () => serveHealth(req, res));
      if (!isSignedShape(path)) return false;
      const route = isInfoPath(path) ? serveInfo : serveImage;
      await answer(req, res, () => route(req, res, path));
      // Counted once answered rather than on 'finish': no listener to make per request.
      metrics.answered(res.statusCode);
      return true;
    },
    async close() {
      // Renders under way stop now (their requests get 503), however long they had to go; what
      // finished rendering records its result in the catalog: let it, before the catalog closes.
      renders.close();
      await pool.drain();
      await catalog.settled(undefined);
      await recency.flush();
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `work`'s answer, or `onTimeout`'s once `ms` pass first. */
async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => never): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        onTimeout();
      } catch (error) {
        reject(error as Error);
      }
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
