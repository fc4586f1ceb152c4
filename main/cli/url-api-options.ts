/**
 * The URL API's options on `thumbdesk serve`: signing keys (flags or environment), access and
 * load limits, turned into a mounted handler.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatBytes } from '../../shared/naming.js';
import {
  parseSignatureSize,
  parseSigningPairs,
  type SigningPair,
} from '../core/server/url-api/signature.js';
import { parseUrlPresets } from '../core/server/url-api/url-presets.js';
import { imgproxyEnvironment } from './imgproxy-environment.js';
import { loadWatermark } from './watermark-source.js';
import { URL_API_DEFAULTS } from '../core/server/url-api/defaults.js';
import type { UrlApi } from '../core/server/url-api/url-api.js';
import type { LibraryFacts, UrlCatalog } from '../core/server/url-api/url-catalog.js';
import { byteSize } from './byte-size.js';
import { metricsToken } from './metrics-token.js';
import { CliError, collect, positiveInt, wholeNumber } from './command-kit.js';
import { parsePurgeTarget, type PurgeTarget } from '../core/edge/purge-target.js';

export interface UrlApiCliOptions {
  key: string[];
  salt: string[];
  allowInsecure?: boolean;
  onlyPresets?: boolean;
  autoWebp?: boolean;
  autoAvif?: boolean;
  watermark?: string;
  urlPreset: string[];
  signatureSize?: number;
  privateMetrics?: boolean;
  maxSize: number;
  renderTimeout: number;
  urlMaxAge: number;
  urlStaleWhileRevalidate: number;
  urlSharedMaxAge: number;
  purge: PurgeTarget[];
  maxQueue: number;
  urlCacheMax: number;
}

/**
 * Adds the URL signing options (`--key`, `--salt`, `--signature-size`) to a command: `serve`
 * verifies with them, `url` signs with them.
 * @example addSigningOptions(program.command('url'));
 */
export function addSigningOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--key <hex>', 'URL signing key, hex (repeat with --salt for rotation)')
        .argParser(collect)
        .default([], 'THUMBDESK_KEY, comma-separated'),
    )
    .addOption(
      new Option('--salt <hex>', 'URL signing salt, hex, paired with --key in order')
        .argParser(collect)
        .default([], 'THUMBDESK_SALT, comma-separated'),
    )
    .addOption(
      new Option(
        '--signature-size <bytes>',
        'URL API: bytes of the HMAC a signature holds, 1 to 32 (default: IMGPROXY_SIGNATURE_SIZE, else 32)',
      ).argParser(signatureSize),
    );
}

/**
 * Adds the URL API's options to a command.
 * @example addUrlApiOptions(program.command('serve'));
 */
export function addUrlApiOptions(command: Command): Command {
  return addSigningOptions(command)
    .option('--allow-insecure', 'accept unsigned (insecure) URLs on a non-loopback address')
    .option('--only-presets', 'URL API: serve only the variants of pr:<preset> URLs')
    .option(
      '--auto-webp',
      'URL API: answer WebP to clients that accept it when a URL names no format',
    )
    .option(
      '--auto-avif',
      'URL API: answer AVIF to clients that accept it when a URL names no format',
    )
    .option(
      '--watermark <file>',
      'URL API: the image watermark: URLs lay over results (else IMGPROXY_WATERMARK_PATH or _DATA)',
    )
    .addOption(
      new Option(
        '--url-preset <name=options>',
        'URL API: an imgproxy preset, e.g. thumb=rs:fill:100:100 (repeatable)',
      )
        .argParser(collect)
        .default([], 'IMGPROXY_PRESETS, comma-separated'),
    )
    .option('--private-metrics', '/metrics needs the admin token (Authorization: Bearer …)')
    .addOption(
      new Option('--max-size <px>', 'URL API: largest width or height a URL may ask for')
        .argParser(positiveInt)
        .default(URL_API_DEFAULTS.maxSize),
    )
    .addOption(
      new Option('--render-timeout <s>', 'URL API: seconds one render may take')
        .argParser(positiveInt)
        .default(URL_API_DEFAULTS.renderTimeoutSeconds),
    )
    .addOption(
      new Option(
        '--url-max-age <s>',
        'URL API: seconds caches keep an unversioned URL (cb not the content version) before revalidating',
      )
        .argParser(wholeNumber)
        .default(URL_API_DEFAULTS.cache.maxAgeSeconds)
        // imgproxy's TTL is its answers' max-age: here, that of unversioned URLs.
        .env('IMGPROXY_TTL'),
    )
    .addOption(
      new Option(
        '--url-stale-while-revalidate <s>',
        'URL API: seconds past --url-max-age a cache may answer while it revalidates',
      )
        .argParser(wholeNumber)
        .default(URL_API_DEFAULTS.cache.staleWhileRevalidateSeconds),
    )
    .addOption(
      new Option(
        '--url-shared-max-age <s>',
        'URL API: s-maxage of unversioned URLs when --purge keeps shared caches exact',
      )
        .argParser(wholeNumber)
        .default(URL_API_DEFAULTS.sharedMaxAgeSeconds),
    )
    .addOption(
      new Option(
        '--purge <kind:url>',
        'purge edge caches when originals or presets change: varnish:, fastly:, cloudflare:, cloudfront: or webhook:<url> (repeatable; see docs/url-api.md)',
      )
        .argParser((value: string, previous: PurgeTarget[]) => {
          try {
            return [...previous, parsePurgeTarget(value)];
          } catch (error) {
            throw new InvalidArgumentError((error as Error).message);
          }
        })
        .default([]),
    )
    .addOption(
      new Option('--max-queue <n>', 'URL API: renders waiting before requests get 503')
        .argParser(positiveInt)
        .default(URL_API_DEFAULTS.maxQueue),
    )
    .addOption(
      new Option(
        '--url-cache-max <size>',
        'URL API: bytes of results kept on disk (512MB, 2GiB…), least recently used out first',
      )
        .argParser(byteSize)
        .default(URL_API_DEFAULTS.urlCacheMaxBytes, formatBytes(URL_API_DEFAULTS.urlCacheMaxBytes)),
    );
}

function signatureSize(value: string): number {
  try {
    return parseSignatureSize(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function fromEnvironment(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
}

/**
 * The signing pairs of `--key`/`--salt`, else THUMBDESK_KEY/SALT, else IMGPROXY_KEY/SALT.
 * @example const [pair] = signingPairsFromOptions(options);
 */
export function signingPairsFromOptions(
  options: Pick<UrlApiCliOptions, 'key' | 'salt'>,
  imgproxy = imgproxyEnvironment(),
): SigningPair[] {
  const first = (...lists: string[][]) => lists.find((l) => l.length > 0) ?? [];
  try {
    return parseSigningPairs(
      first(options.key, fromEnvironment('THUMBDESK_KEY'), imgproxy.keys),
      first(options.salt, fromEnvironment('THUMBDESK_SALT'), imgproxy.salts),
    );
  } catch (error) {
    throw new CliError(`URL signing: ${(error as Error).message}`);
  }
}

/**
 * The URL API the options describe, over `catalog` (the catalog's owner: serve's service worker)
 * for the library at `library.dir`, for a server listening on `listenHost` whose admin token
 * (`--private-metrics`) is `adminToken`. The API is loaded here, on demand, so other commands do
 * not pay for it at start-up. With `--purge`, the paths it answers go to the owner, which runs
 * the purges (the service worker is given the targets: serve.ts).
 * @example host.mount((await urlApiFromOptions(service.urlCatalog, facts, options, '127.0.0.1', token)).handle);
 */
export async function urlApiFromOptions(
  catalog: UrlCatalog,
  library: LibraryFacts & { dir: string },
  options: UrlApiCliOptions,
  listenHost: string,
  adminToken?: string,
): Promise<UrlApi> {
  // Flags, then THUMBDESK_*, then a site's imgproxy environment (IMGPROXY_*).
  const imgproxy = imgproxyEnvironment();
  const first = (...lists: string[][]) => lists.find((l) => l.length > 0) ?? [];
  const pairs = signingPairsFromOptions(options, imgproxy);
  let urlPresets: ReturnType<typeof parseUrlPresets>;
  try {
    urlPresets = parseUrlPresets(first(options.urlPreset, imgproxy.presets), options.maxSize);
  } catch (error) {
    throw new CliError(`URL presets: ${(error as Error).message}`);
  }
  const { createUrlApi } = await import('../core/server/url-api/url-api.js');
  const { AnsweredNotes } = await import('../core/server/url-api/answered-notes.js');
  const purging = options.purge.length > 0;
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const answered = purging ? new AnsweredNotes(catalog, log) : undefined;
  const api = createUrlApi(catalog, library, {
    listenHost,
    keys: pairs,
    allowInsecure: options.allowInsecure,
    onlyPresets: options.onlyPresets ?? imgproxy.onlyPresets,
    autoWebp: options.autoWebp ?? imgproxy.autoWebp,
    autoAvif: options.autoAvif ?? imgproxy.autoAvif,
    enforceWebp: imgproxy.enforceWebp,
    enforceAvif: imgproxy.enforceAvif,
    watermark: await loadWatermark(options.watermark, imgproxy),
    urlPresets,
    signatureSize: options.signatureSize ?? imgproxy.signatureSize,
    metricsToken: metricsToken(process.env, options.privateMetrics, adminToken),
    maxSize: options.maxSize,
    pixelLimit: imgproxy.maxSrcPixels,
    maxAnimationFrames: imgproxy.maxAnimationFrames,
    maxAnimationFramePixels: imgproxy.maxAnimationFramePixels || undefined,
    maxResultDimension: imgproxy.maxResultDimension || undefined,
    renderTimeoutSeconds: options.renderTimeout,
    cache: {
      maxAgeSeconds: options.urlMaxAge,
      staleWhileRevalidateSeconds: options.urlStaleWhileRevalidate,
      sharedMaxAgeSeconds: purging ? options.urlSharedMaxAge : undefined,
    },
    onAnswer: answered ? (path, keys) => answered.note(path, keys) : undefined,
    maxQueue: options.maxQueue,
    urlCacheMaxBytes: options.urlCacheMax,
  });
  if (!answered) return api;
  return {
    ...api,
    async close() {
      await api.close();
      await answered.flush();
    },
  };
}
