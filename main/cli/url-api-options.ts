/**
 * The URL API's options on `thumbdesk serve`: signing keys (flags or environment), access and
 * load limits, turned into a mounted handler.
 */
import { Option, type Command } from 'commander';
import { formatBytes } from '../../shared/naming.js';
import type { Library } from '../core/library/library.js';
import { parseSigningPairs, type SigningPair } from '../core/server/url-api/signature.js';
import { URL_API_DEFAULTS } from '../core/server/url-api/defaults.js';
import type { UrlApi } from '../core/server/url-api/url-api.js';
import { byteSize } from './byte-size.js';
import { CliError, collect, positiveInt } from './command-kit.js';

export interface UrlApiCliOptions {
  key: string[];
  salt: string[];
  allowInsecure?: boolean;
  onlyPresets?: boolean;
  privateMetrics?: boolean;
  maxSize: number;
  renderTimeout: number;
  cacheControl: string;
  maxQueue: number;
  urlCacheMax: number;
}

/**
 * Adds the URL API's options to a command.
 * @example addUrlApiOptions(program.command('serve'));
 */
export function addUrlApiOptions(command: Command): Command {
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
    .option('--allow-insecure', 'accept unsigned (insecure) URLs on a non-loopback address')
    .option('--only-presets', 'URL API: serve only the variants of pr:<preset> URLs')
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
    .option(
      '--cache-control <value>',
      'URL API: Cache-Control of images',
      URL_API_DEFAULTS.cacheControl,
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

function fromEnvironment(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
}

/**
 * The URL API the options describe, for a server listening on `listenHost` whose admin token
 * (`--private-metrics`) is `adminToken`. The API is loaded here, on demand, so other commands do
 * not pay for it at start-up.
 * @example host.mount((await urlApiFromOptions(library, options, '127.0.0.1', token)).handle);
 */
export async function urlApiFromOptions(
  library: Library,
  options: UrlApiCliOptions,
  listenHost: string,
  adminToken?: string,
): Promise<UrlApi> {
  const keys = options.key.length > 0 ? options.key : fromEnvironment('THUMBDESK_KEY');
  const salts = options.salt.length > 0 ? options.salt : fromEnvironment('THUMBDESK_SALT');
  let pairs: SigningPair[];
  try {
    pairs = parseSigningPairs(keys, salts);
  } catch (error) {
    throw new CliError(`URL signing: ${(error as Error).message}`);
  }
  const { createUrlApi } = await import('../core/server/url-api/url-api.js');
  return createUrlApi(library, {
    listenHost,
    keys: pairs,
    allowInsecure: options.allowInsecure,
    onlyPresets: options.onlyPresets,
    metricsToken: options.privateMetrics ? adminToken : undefined,
    maxSize: options.maxSize,
    renderTimeoutSeconds: options.renderTimeout,
    cacheControl: options.cacheControl,
    maxQueue: options.maxQueue,
    urlCacheMaxBytes: options.urlCacheMax,
  });
}
