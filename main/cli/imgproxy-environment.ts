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
}

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
  };
}
