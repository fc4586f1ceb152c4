/**
 * imgproxy's environment variables for the settings Thumbdesk shares with it, so that a site's
 * imgproxy environment works unchanged. Thumbdesk's own flags and THUMBDESK_* variables come
 * first; these fill in what they leave unset.
 */
import { parseSignatureSize } from '../core/server/url-api/signature.js';
import { CliError } from './command-kit.js';

export interface ImgproxySettings {
  /** IMGPROXY_KEY / IMGPROXY_SALT: hex, comma-separated for several pairs. */
  keys: string[];
  salts: string[];
  /** IMGPROXY_SIGNATURE_SIZE. */
  signatureSize?: number | undefined;
  /** IMGPROXY_PRESETS: `name=options` entries, comma-separated. */
  presets: string[];
  /** IMGPROXY_ONLY_PRESETS. */
  onlyPresets?: boolean | undefined;
  /** IMGPROXY_AUTO_WEBP (or the older IMGPROXY_ENABLE_WEBP_DETECTION). */
  autoWebp?: boolean | undefined;
  /** IMGPROXY_AUTO_AVIF (or the older IMGPROXY_ENABLE_AVIF_DETECTION). */
  autoAvif?: boolean | undefined;
  /** IMGPROXY_ENFORCE_WEBP: WebP whenever the client accepts it, over a format the URL names. */
  enforceWebp?: boolean | undefined;
  /** IMGPROXY_ENFORCE_AVIF: the same for AVIF (before WebP; never for animations). */
  enforceAvif?: boolean | undefined;
  /** IMGPROXY_WATERMARK_DATA (Base64), _PATH and _URL (refused by watermark-source.ts). */
  watermarkData?: string | undefined;
  watermarkPath?: string | undefined;
  watermarkUrl?: string | undefined;
  /** IMGPROXY_WATERMARK_OPACITY: 0 to 1, multiplied by each URL's opacity. */
  watermarkOpacity?: number | undefined;
  /** IMGPROXY_MAX_SRC_RESOLUTION, in pixels (imgproxy gives megapixels). */
  maxSrcPixels?: number | undefined;
  /**
   * IMGPROXY_MAX_ANIMATION_FRAMES: an animation is answered with its first this many frames;
   * 1 (imgproxy's default) answers its first frame as a still. Unset: every frame.
   */
  maxAnimationFrames?: number | undefined;
  /**
   * IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION, in pixels (imgproxy gives megapixels): when set, an
   * animation answered as one is checked frame by frame against it instead of its frames
   * together against IMGPROXY_MAX_SRC_RESOLUTION. 0 (imgproxy's default) means none.
   */
  maxAnimationFramePixels?: number | undefined;
  /** IMGPROXY_MAX_RESULT_DIMENSION; 0 (imgproxy's default) means none. */
  maxResultDimension?: number | undefined;
  /** IMGPROXY_BIND: `host:port`, `:port` (every interface) or `[ipv6]:port`. */
  bind?: { host: string; port: number } | undefined;
}

// Go's ":8080" listens on every interface.
const ANY_INTERFACE = '0.0.0.0';
const BIND = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/;
// Past a gigapixel no decoder here is bounded in memory: the same ceiling as --pixel-limit's use.
const MAX_MEGAPIXELS = 1000;
// A result side past this is refused by --max-size's ceiling anyway.
const MAX_RESULT_DIMENSION = 65_535;
// More frames than this pass any pixel limit here (a million pixels at one pixel a frame).
const MAX_ANIMATION_FRAMES = 1_000_000;

type Environment = Readonly<Record<string, string | undefined>>;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Go's strconv.ParseBool, as imgproxy reads its booleans. */
function bool(env: Environment, ...names: string[]): boolean | undefined {
  const name = names.find((n) => env[n] !== undefined && env[n] !== '');
  if (!name) return undefined;
  const value = env[name]!.trim();
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new CliError(`${name} must be true or false, not "${value}"`);
}

/** imgproxy's megapixel settings (env.MegaInt), in pixels; `zero`: whether 0 (none) is allowed. */
function megapixels(env: Environment, name: string, zero: boolean): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const n = /^(\d{1,4}(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!((zero ? n >= 0 : n > 0) && n <= MAX_MEGAPIXELS)) {
    const least = zero ? 'from 0' : 'above 0';
    throw new CliError(
      `${name} must be megapixels ${least}, at most ${MAX_MEGAPIXELS}, not "${value}"`,
    );
  }
  return Math.round(n * 1e6);
}

function opacity(env: Environment): number | undefined {
  const value = env.IMGPROXY_WATERMARK_OPACITY?.trim();
  if (!value) return undefined;
  const n = /^(\d{1,9}(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!(n <= 1)) {
    throw new CliError(`IMGPROXY_WATERMARK_OPACITY must be a number from 0 to 1, not "${value}"`);
  }
  return n;
}

function wholeNumber(env: Environment, name: string, max: number, min = 0): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

function bind(env: Environment): ImgproxySettings['bind'] {
  const value = env.IMGPROXY_BIND?.trim();
  if (!value) return undefined;
  const match = BIND.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new CliError(`IMGPROXY_BIND must be host:port, :port or [ipv6]:port, not "${value}"`);
  }
  return { host: match[1] ?? (match[2] || ANY_INTERFACE), port };
}

/**
 * The imgproxy settings `env` holds. Throws a CliError naming the variable for a malformed one.
 * @example imgproxyEnvironment({ IMGPROXY_AUTO_WEBP: 'true' }).autoWebp === true
 */
export function imgproxyEnvironment(env: Environment = process.env): ImgproxySettings {
  let signatureSize: number | undefined;
  if (env.IMGPROXY_SIGNATURE_SIZE) {
    try {
      signatureSize = parseSignatureSize(env.IMGPROXY_SIGNATURE_SIZE);
    } catch (error) {
      throw new CliError(`IMGPROXY_SIGNATURE_SIZE: ${(error as Error).message}`);
    }
  }
  return {
    keys: list(env.IMGPROXY_KEY),
    salts: list(env.IMGPROXY_SALT),
    signatureSize,
    presets: list(env.IMGPROXY_PRESETS),
    onlyPresets: bool(env, 'IMGPROXY_ONLY_PRESETS'),
    autoWebp: bool(env, 'IMGPROXY_AUTO_WEBP', 'IMGPROXY_ENABLE_WEBP_DETECTION'),
    autoAvif: bool(env, 'IMGPROXY_AUTO_AVIF', 'IMGPROXY_ENABLE_AVIF_DETECTION'),
    enforceWebp: bool(env, 'IMGPROXY_ENFORCE_WEBP'),
    enforceAvif: bool(env, 'IMGPROXY_ENFORCE_AVIF'),
    watermarkData: env.IMGPROXY_WATERMARK_DATA?.trim() || undefined,
    watermarkPath: env.IMGPROXY_WATERMARK_PATH?.trim() || undefined,
    watermarkUrl: env.IMGPROXY_WATERMARK_URL?.trim() || undefined,
    watermarkOpacity: opacity(env),
    maxSrcPixels: megapixels(env, 'IMGPROXY_MAX_SRC_RESOLUTION', false),
    // imgproxy refuses 0 or fewer frames at start.
    maxAnimationFrames: wholeNumber(env, 'IMGPROXY_MAX_ANIMATION_FRAMES', MAX_ANIMATION_FRAMES, 1),
    maxAnimationFramePixels: megapixels(env, 'IMGPROXY_MAX_ANIMATION_FRAME_RESOLUTION', true),
    maxResultDimension: wholeNumber(env, 'IMGPROXY_MAX_RESULT_DIMENSION', MAX_RESULT_DIMENSION),
    bind: bind(env),
  };
}

/**
 * Where `serve` listens: each of --host and --port as given, else IMGPROXY_BIND's, else the
 * flag's default.
 * @example listenAddress({ host: '127.0.0.1', port: 8420 }, { host: false, port: true }, { host: '0.0.0.0', port: 8080 }) // { host: '0.0.0.0', port: 8420 }
 */
export function listenAddress(
  flags: { host: string; port: number },
  given: { host: boolean; port: boolean },
  bound: ImgproxySettings['bind'],
): { host: string; port: number } {
  return {
    host: given.host || !bound ? flags.host : bound.host,
    port: given.port || !bound ? flags.port : bound.port,
  };
}
