/**
 * imgproxy's URL presets (IMGPROXY_PRESETS): `name=option:args/option:args` entries, each a
 * named list of processing options that `preset:name` applies in place. Read once at start-up
 * and checked there, so a broken preset stops the server instead of failing every URL.
 */
import { parseProcessingOptions } from './processing-options.js';
import type { RawOption } from './url-path.js';

/**
 * Parses and checks preset entries (blank and `#` entries ignored). Throws an Error naming the
 * entry for a malformed one.
 * @example parseUrlPresets(['thumb=rs:fill:100:100/q:70'], 8192).get('thumb')
 */
export function parseUrlPresets(
  entries: readonly string[],
  maxSize: number,
): Map<string, RawOption[]> {
  const presets = new Map<string, RawOption[]>();
  for (const entry of entries.map((e) => e.trim())) {
    if (entry === '' || entry.startsWith('#')) continue;
    const parts = entry.split('=');
    if (parts.length !== 2) throw new Error(`invalid preset string: ${entry}`);
    const name = parts[0]!.trim();
    const value = parts[1]!.trim();
    if (!name) throw new Error(`empty preset name: ${entry}`);
    if (!value) throw new Error(`empty preset value: ${entry}`);
    const options = value.split('/').map((segment): RawOption => {
      const [option, ...args] = segment.split(':');
      if (args.length === 0) throw new Error(`invalid preset value: ${entry}`);
      return { name: option!, args };
    });
    presets.set(name, options);
  }
  for (const [name, options] of presets) {
    try {
      parseProcessingOptions(options, { maxSize, presets });
    } catch (error) {
      throw new Error(`preset "${name}": ${(error as Error).message}`);
    }
  }
  return presets;
}
